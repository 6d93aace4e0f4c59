/**
 * Kill the hub with SIGKILL while kiosks (MQTT) and integrations (REST) enrol
 * as fast as they can; restart it; repeat. Every acknowledged entry must be
 * there exactly once with its ticket, and no acknowledged ticket is reissued.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { DEMO_PASSWORDS, TEST_API_KEY } from '../helpers/hub.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const topics = siteTopics('demo-clinic');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startHubProcess(dataDir: string) {
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts', '--data-dir', dataDir, '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, LOBBYLINE_HTTP_PORT: String(httpPort), LOBBYLINE_MQTT_PORT: String(mqttPort), LOBBYLINE_API_KEY: TEST_API_KEY },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base, mqttUrl: `mqtt://127.0.0.1:${mqttPort}` };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('hub did not become healthy');
}

interface Ack {
  entryId: string;
  ticket: string;
}

/** Enrols over REST with a few requests in flight, recording what was acknowledged. */
async function enrolOverRest(base: string, acks: Ack[], until: () => boolean) {
  const worker = async () => {
    while (!until()) {
      try {
        const response = await fetch(`${base}/api/v1/entries`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ serviceId: 'lab', channel: 'phone' }),
        });
        if (response.status === 201) acks.push((await response.json()) as Ack);
      } catch {
        return; // the hub was killed
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

/** Enrols over MQTT request/reply as a kiosk, recording acknowledged replies. */
async function enrolOverMqtt(url: string, acks: Ack[], until: () => boolean) {
  const client = await mqtt.connectAsync(url, {
    username: 'kiosk-1',
    password: DEMO_PASSWORDS['kiosk-1'],
    clientId: `kiosk-crash-${Date.now()}`,
    reconnectPeriod: 0,
  });
  const replyTopic = topics.reply(client.options.clientId!);
  client.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString());
    if (reply.ok) acks.push(reply.result as Ack);
  });
  client.on('error', () => {});
  await client.subscribeAsync(replyTopic, { qos: 1 });
  let n = 0;
  while (!until() && client.connected) {
    client.publish(topics.command('enroll'), JSON.stringify({ id: `m${n++}`, serviceId: 'xray', channel: 'kiosk' }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 2));
  }
  client.end(true);
}

it('keeps every acknowledged entry exactly once across SIGKILLs', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-crash-'));
  const acks: Ack[] = [];
  try {
    for (let round = 0; round < 4; round++) {
      const hub = await startHubProcess(dataDir);
      let killed = false;
      const load = Promise.all([enrolOverRest(hub.base, acks, () => killed), enrolOverMqtt(hub.mqttUrl, acks, () => killed)]);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      hub.child.kill('SIGKILL');
      killed = true;
      await new Promise((r) => hub.child.once('exit', r));
      await load;
    }
    expect(acks.length).toBeGreaterThan(100);

    const hub = await startHubProcess(dataDir);
    const response = await fetch(`${hub.base}/api/v1/entries`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    const entries = (await response.json()) as Ack[];
    const byId = new Map(entries.map((e) => [e.entryId, e]));
    expect(byId.size).toBe(entries.length);
    for (const ack of acks) expect(byId.get(ack.entryId)?.ticket).toBe(ack.ticket);
    const tickets = entries.map((e) => e.ticket);
    expect(new Set(tickets).size).toBe(tickets.length);

    // Numbering continues after the last acknowledged ticket, never reusing one.
    const acknowledgedLab = new Set(acks.filter((a) => a.ticket.startsWith('L-')).map((a) => a.ticket));
    const next = await fetch(`${hub.base}/api/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'lab' }),
    }).then((r) => r.json() as Promise<Ack>);
    expect(acknowledgedLab.has(next.ticket)).toBe(false);
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
