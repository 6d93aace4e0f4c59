/**
 * The one write failure the hub does not recover from, a log that another
 * writer added to behind its back, makes the hub process exit for its
 * supervisor: its log says why, and idle keep-alive connections (a browser, a
 * load balancer) do not hold it open.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../helpers/hub-process.ts';

const hubs: HubProcess[] = [];
afterAll(() => {
  for (const hub of hubs) if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
});

/** A GET whose connection the agent keeps open, idle, once the response is read. */
function keepAliveGet(url: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on('end', resolve);
    }).on('error', reject).end();
  });
}

function sqlite3Shell(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const shell = spawn('sqlite3', ['-cmd', '.timeout 10000', file, sql], { stdio: 'inherit' });
    shell.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sqlite3 exited with ${code}`))));
  });
}

it('exits, saying why, once its event log is written behind its back, even with idle keep-alive connections open', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-fatal-exit-'));
  try {
    const hub = await startHubProcess(dataDir, { keepLog: true });
    hubs.push(hub);
    let log = '';
    hub.child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(201);

    const agent = new Agent({ keepAlive: true });
    await Promise.all([keepAliveGet(`${hub.base}/healthz`, agent), keepAliveGet(`${hub.base}/healthz`, agent)]);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(2);

    // Another writer (a second hub on the same data folder, a tool) takes the next seq.
    await sqlite3Shell(
      join(dataDir, 'demo-clinic.events.sqlite'),
      `INSERT INTO events (seq, at, type, actor_kind, actor_id, device, data) SELECT max(seq) + 1, 0, 'entry.recalled', 'staff', 'other', NULL, '{}' FROM events`,
    );
    const exited = new Promise<number | null>((resolve) => hub.child.once('exit', (code) => resolve(code)));
    const failedAt = performance.now();
    expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(503);
    const code = await exited;
    console.log(`the hub exited ${Math.round(performance.now() - failedAt)} ms after the failed write`);
    agent.destroy();

    expect(code).toBe(1);
    // The log is one JSON object a line; the banner printed at start is not.
    const lines = log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; error?: string });
    const reason = lines.find((line) => line.level === 'error');
    expect(reason?.error).toMatch(/the file now ends at \d+\. Is another hub or tool writing to it\?/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 180_000);
