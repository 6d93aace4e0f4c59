/**
 * Another process (the sqlite3 shell, as a backup tool would) holds the hub's
 * database write lock in the middle of a storm of REST commands. A short hold
 * is waited out; one longer than the busy timeout refuses the commands it
 * held up, and the hub goes on by itself once the lock is released. After a
 * restart the log has no gap and holds everything that was acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startHubProcess } from '../helpers/hub-process.ts';
import { TEST_API_KEY } from '../helpers/hub.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

/** `sqlite3 FILE` holding BEGIN IMMEDIATE: resolves once the shell has the lock; `release` commits and waits for it to exit. */
async function holdWriteLock(file: string): Promise<{ release: () => Promise<void> }> {
  const shell = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(shell);
  let output = '';
  shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  shell.stdin.write(".timeout 10000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await until(() => output.includes('locked') || shell.exitCode !== null);
  expect(shell.exitCode).toBeNull();
  return {
    release: async () => {
      const exited = new Promise((r) => shell.once('exit', r));
      shell.stdin.end('COMMIT;\n');
      await exited;
    },
  };
}

it('waits out a short write lock, refuses only what a long one held up, goes on, and restarts with no gap', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-write-lock-'));
  const file = join(dataDir, 'demo-clinic.events.sqlite');
  try {
    let hub = await startHubProcess(dataDir);
    children.push(hub.child);
    for (const counterId of ['c1', 'c2']) expect((await hub.api('POST', `/counters/${counterId}/status`, { status: 'open' })).status).toBe(200);

    const acknowledged: string[] = [];
    let refused = 0;
    let stop = false;
    const post = async (path: string, body: object) => {
      const response = await fetch(`${hub.base}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => null);
      if (response?.status === 503) refused++;
      return response?.ok ? ((await response.json()) as { entryId?: string }) : null;
    };
    // Each worker enrols someone and calls the next person: calls depend on enrolments of the batches before.
    const worker = async (w: number) => {
      while (!stop && hub.child.exitCode === null) {
        const entry = await post('/entries', { serviceId: 'lab' });
        if (entry?.entryId) acknowledged.push(entry.entryId);
        await post(`/counters/${w % 2 ? 'c1' : 'c2'}/call-next`, {});
      }
    };
    const storm = Promise.all(Array.from({ length: 4 }, (_, w) => worker(w)));
    const acknowledgedMore = async (count: number) => {
      const before = acknowledged.length;
      await until(() => acknowledged.length >= before + count || hub.child.exitCode !== null);
    };

    // Well within the busy timeout (5 s): the commands wait for the lock, none is refused.
    await acknowledgedMore(20);
    let lock = await holdWriteLock(file);
    await new Promise((r) => setTimeout(r, 1_000));
    await lock.release();
    await acknowledgedMore(20);
    expect(refused).toBe(0);

    // Longer than the busy timeout: held until the hub has refused a command.
    lock = await holdWriteLock(file);
    await until(() => refused > 0 || hub.child.exitCode !== null);
    await lock.release();
    await acknowledgedMore(20);
    stop = true;
    await storm;
    const keptServing = hub.child.exitCode === null;
    expect(refused).toBeGreaterThan(0);
    await hub.stop();

    hub = await startHubProcess(dataDir);
    children.push(hub.child);
    const seqs: number[] = [];
    for (;;) {
      const page = (await hub.api('GET', `/events?after=${seqs.at(-1) ?? 0}&limit=1000`)).body as { seq: number }[];
      if (page.length === 0) break;
      seqs.push(...page.map((e) => e.seq));
    }
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (const entryId of acknowledged) expect((await hub.api('GET', `/entries/${entryId}`)).status, entryId).toBe(200);
    await hub.stop();
    expect(keptServing).toBe(true);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
