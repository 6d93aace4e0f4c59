/**
 * Kill the hub with SIGKILL while kiosks (MQTT) and integrations (REST) enrol
 * as fast as they can; restart it; repeat. Every acknowledged entry must be
 * there exactly once with its ticket, and no acknowledged ticket is reissued.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { DEMO_PASSWORDS, TEST_API_KEY } from '../helpers/hub.ts';
import { startHubProcess } from '../helpers/hub-process.ts';

const topics = siteTopics('demo-clinic');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

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

/** Enrols over MQTT request/reply as a kiosk, recording acknowledged replies, until the hub dies. */
async function enrolOverMqtt(url: string, acks: Ack[], until: () => boolean) {
  const client = mqtt.connect(url, {
    username: 'kiosk-1',
    password: DEMO_PASSWORDS['kiosk-1'],
    clientId: `kiosk-crash-${Date.now()}`,
    reconnectPeriod: 0,
  });
  client.on('error', () => {});
  client.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString());
    if (reply.ok) acks.push(reply.result as Ack);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('close', () => reject(new Error('closed before connecting')));
    });
    await client.subscribeAsync(topics.reply(client.options.clientId!), { qos: 1 });
    let n = 0;
    while (!until() && client.connected) {
      client.publish(topics.command('enroll'), JSON.stringify({ id: `m${n++}`, serviceId: 'xray', channel: 'kiosk' }), { qos: 1 });
      await new Promise((r) => setTimeout(r, 2));
    }
  } catch {
    // The hub was killed while connecting or subscribing: nothing was acknowledged on this connection.
  } finally {
    client.end(true);
  }
}

/** Resolves once `acks` holds at least `count` acknowledgements. */
async function acknowledged(acks: Ack[], count: number): Promise<void> {
  while (acks.length < count) await new Promise((r) => setTimeout(r, 5));
}

it('keeps every acknowledged entry exactly once across SIGKILLs', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-crash-'));
  const acks: Ack[] = [];
  try {
    for (let round = 0; round < 4; round++) {
      const hub = await startHubProcess(dataDir);
      children.push(hub.child);
      let killed = false;
      const load = Promise.all([enrolOverRest(hub.base, acks, () => killed), enrolOverMqtt(hub.mqttUrl, acks, () => killed)]);
      // Killed mid-stream once this round has had some acknowledgements: a count, not a time, so a busy machine kills as late.
      await acknowledged(acks, acks.length + 30 + Math.floor(Math.random() * 40));
      hub.child.kill('SIGKILL');
      killed = true;
      await new Promise((r) => hub.child.once('exit', r));
      await load;
    }
    expect(acks.length).toBeGreaterThan(100);

    const hub = await startHubProcess(dataDir);
    children.push(hub.child);
    const entries = (await hub.api('GET', '/entries')).body as Ack[];
    const byId = new Map(entries.map((e) => [e.entryId, e]));
    expect(byId.size).toBe(entries.length);
    for (const ack of acks) expect(byId.get(ack.entryId)?.ticket).toBe(ack.ticket);
    const tickets = entries.map((e) => e.ticket);
    expect(new Set(tickets).size).toBe(tickets.length);

    // Numbering continues after the last acknowledged ticket, never reusing one.
    const acknowledgedLab = new Set(acks.filter((a) => a.ticket.startsWith('L-')).map((a) => a.ticket));
    const next = (await hub.api('POST', '/entries', { serviceId: 'lab' })).body as Ack;
    expect(acknowledgedLab.has(next.ticket)).toBe(false);
    await hub.stop();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
