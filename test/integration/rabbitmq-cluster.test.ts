/**
 * The upstream contract on a two-node RabbitMQ 3.10 cluster with its MQTT plugin (Debian's
 * rabbitmq-server), and what it does differently from Mosquitto, each shown against the real cluster:
 *
 * - Retained messages are kept per node: a subscriber on the other node does not get them.
 * - A persistent session is a queue (mqtt-subscription-{clientId}qos1) on the node the client first
 *   connected to; while that node runs, the session resumes on any node with what was queued.
 * - QoS 1 messages left unacknowledged are delivered again on the next connection, flagged DUP.
 * - Last Will and client-id takeover work across nodes.
 * - When the node holding a session's queue dies, the session is lost on the other node unless the queue
 *   is mirrored (a classic mirroring policy on ^mqtt-subscription-, as the helper sets); quorum queues
 *   (mqtt.durable_queue_type = quorum) need a majority, which a two-node cluster loses with one node.
 *
 * Then a real hub mirrors through node A (failing over to B) while the console follows from node B:
 * A is killed mid-stream, and the console still applies every event once; an agent's screen in
 * Chromium shows the hub's lines and the called phone caller, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { SiteConfig } from '../../hub/site/config.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestConsole, type TestConsole } from '../helpers/console.ts';
import { openConsole, signInToConsole } from '../helpers/console-page.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startRabbitCluster, type RabbitCluster, type RabbitNode } from '../helpers/rabbitmq.ts';
import { connectPacket, rawConnect } from '../helpers/mqtt.ts';
import { tcpProbe } from '../helpers/processes.ts';
import { until } from '../helpers/until.ts';

const actor = { kind: 'system' as const, id: 'test' };
let cluster: RabbitCluster;
let a: RabbitNode;
let b: RabbitNode;
const clients: MqttClient[] = [];

beforeAll(async () => {
  cluster = await startRabbitCluster();
  [a, b] = cluster.nodes as [RabbitNode, RabbitNode];
}, 180_000);
afterAll(async () => {
  for (const client of clients) client.end(true);
  await cluster?.dispose();
}, 60_000);

interface Seen {
  topic: string;
  payload: string;
  retain: boolean;
  dup: boolean;
}

/** A client whose messages are recorded from the first packet on (some arrive with the CONNACK). */
async function client(node: RabbitNode, clientId: string, options: IClientOptions = {}) {
  const seen: Seen[] = [];
  const c = mqtt.connect(node.mqttUrl, {
    clientId,
    username: cluster.username,
    password: cluster.password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 20_000,
    ...options,
  });
  clients.push(c);
  c.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain, dup: packet.dup }));
  const connack = await new Promise<{ sessionPresent: boolean }>((resolve, reject) => {
    c.once('connect', resolve);
    c.once('error', reject);
  });
  return { c, seen, sessionPresent: connack.sessionPresent };
}

const payloads = (seen: Seen[], topic: string) => seen.filter((m) => m.topic === topic).map((m) => m.payload);

describe('RabbitMQ 3.10 MQTT, two nodes', () => {
  it('keeps retained messages on the node they were published to', async () => {
    const publisher = await client(a, 'retain-publisher');
    await publisher.c.publishAsync('t/retained', 'kept', { qos: 1, retain: true });
    const onA = await client(a, 'retain-reader-a');
    const onB = await client(b, 'retain-reader-b');
    for (const reader of [onA, onB]) await reader.c.subscribeAsync(['t/retained', 't/marker'], { qos: 1 });
    await publisher.c.publishAsync('t/marker', 'after', { qos: 1 });
    await until(() => payloads(onA.seen, 't/marker').length === 1 && payloads(onB.seen, 't/marker').length === 1, 'the marker on both nodes');
    expect(onA.seen.filter((m) => m.topic === 't/retained')).toEqual([{ topic: 't/retained', payload: 'kept', retain: true, dup: false }]);
    expect(payloads(onB.seen, 't/retained')).toEqual([]);
  });

  it('resumes a persistent session on the other node with what was queued, and redelivers an unacknowledged message flagged DUP', async () => {
    const first = await client(a, 'session-mover', { clean: false });
    expect(first.sessionPresent).toBe(false);
    await first.c.subscribeAsync('t/session', { qos: 1 });
    await first.c.endAsync();
    const publisher = await client(b, 'session-publisher');
    for (const text of ['one', 'two']) await publisher.c.publishAsync('t/session', text, { qos: 1 });

    // On node B, over a raw connection that never acknowledges: the session is there, with both messages.
    const raw = await rawConnect(b.mqttPort);
    raw.socket.write(connectPacket({ clientId: 'session-mover', clean: false, username: cluster.username, password: cluster.password }));
    const connack = await raw.waitForBytes(4, 20_000);
    expect([...connack.subarray(0, 4)]).toEqual([0x20, 2, 1, 0]); // session present, accepted
    await until(() => raw.received().includes('two'), 'the queued messages on node B');
    expect(raw.received()[4]! & 0x08).toBe(0); // the first PUBLISH: DUP not set
    raw.socket.destroy();

    const again = await client(a, 'session-mover', { clean: false });
    await until(() => again.seen.length === 2, 'the unacknowledged messages again');
    expect(again.seen.map((m) => [m.payload, m.dup])).toEqual([
      ['one', true],
      ['two', true],
    ]);
  });

  it('sends a Last Will to the other node and lets a client id take over its own connection across nodes', async () => {
    const watcher = await client(b, 'will-watcher');
    await watcher.c.subscribeAsync('t/will', { qos: 1 });
    const dying = await client(a, 'will-owner', { will: { topic: 't/will', payload: Buffer.from('gone'), qos: 1, retain: false } });
    (dying.c as unknown as { stream: { destroy(): void } }).stream.destroy();
    await until(() => payloads(watcher.seen, 't/will').length === 1, 'the Last Will on node B');

    const old = await client(a, 'taken-over');
    const closed = new Promise<void>((resolve) => old.c.once('close', () => resolve()));
    await client(b, 'taken-over');
    await closed;
  });
});

describe('a hub and the console on the cluster, node A killed mid-stream', () => {
  let hub: TestHub;
  let cc: TestConsole;
  let chromium: TestBrowser;
  const agent = { id: 'ana', name: 'Ana Ruiz', role: 'staff' as const, password: 'agent-ana-password' };
  afterAll(async () => {
    await chromium?.close();
    await cc?.stop();
    await hub?.stop();
  });

  it('fails the mirror over to node B; the console on node B applies every event once and still reaches the hub', async () => {
    cc = await startTestConsole({ urls: [b.mqttUrl, a.mqttUrl], username: cluster.username, password: cluster.password, clientId: 'console-r', agents: [agent] });
    await until(() => cc.current().upstream.connected, 'the console to connect to node B');
    const site: SiteConfig = {
      ...testSite(),
      siteId: 'rmq-north',
      mirror: { url: a.mqttUrl, failoverUrls: [b.mqttUrl], username: cluster.username, passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
    };
    hub = await startTestHub({ site, env: { LOBBYLINE_MIRROR_PASSWORD: cluster.password }, mirrorReconnectMs: 200 });
    await until(() => hub.mirror!.health().connected, 'the mirror to connect to node A');

    // Enrolments go on until 50 after the kill, so the stream runs through it.
    let killed = false;
    const enrolling = (async () => {
      for (let i = 0, after = 0; after < 50; i++) {
        await hub.engine.execute({ type: 'enroll', serviceId: ['lab', 'xray', 'reg'][i % 3]!, channel: 'kiosk' }, actor);
        if (killed) after++;
      }
    })();
    await until(async () => ((await cc.site('rmq-north'))?.seq ?? 0) >= 30, 'the console to follow the stream');
    await a.kill();
    killed = true;
    expect(a.running()).toBe(false);
    expect(await tcpProbe(a.mqttPort)).toBe(false); // the node itself is gone, not only a wrapper process
    await enrolling;

    // The mirror's session (its requests and replay subscriptions) moved to node B with it.
    const caller = await hub.api('POST', '/contact-center/enroll', { requestId: 'rmq-call-1', serviceId: 'lab', phone: '+15550100002' });
    await until(() => hub.mirror!.health().connected && hub.mirror!.health().depth === 0, 'the mirror to publish everything through node B', 60_000);
    await until(async () => (await cc.site('rmq-north'))?.seq === hub.engine.state.seq, `the console to reach seq ${hub.engine.state.seq}`, 60_000);
    const north = await cc.site('rmq-north');
    expect(north!.applied).toBe(north!.seq);
    expect(await cc.get('/api/sites/rmq-north/visits')).toHaveLength(Object.keys(hub.engine.state.entries).length);

    const found = await cc.get('/api/lookup?phone=%2B15550100002');
    expect(found).toEqual([{ site: 'rmq-north', entries: [expect.objectContaining({ ticket: caller.body.result.ticket })] }]);

    // What an agent sees after the failover: each line as the hub counts it, and the phone caller, once they are called.
    chromium = await launchBrowser();
    const { page } = await openConsole(chromium.browser, cc.current().url);
    await signInToConsole(page, agent);
    const waitingAtHub = (serviceId: string) => Object.values(hub.engine.state.entries).filter((e) => e.serviceId === serviceId && e.status === 'waiting').length;
    const card = page.locator('.site-card[data-site="rmq-north"]');
    await expect.poll(() => card.locator('.lines tbody td.number').first().textContent(), { timeout: 30_000 }).toBe(String(waitingAtHub('lab')));
    expect(await card.locator('.lines tbody tr').count()).toBe(3);
    expect(await hub.api('POST', '/counters/c1/status', { status: 'open' })).toMatchObject({ status: 200 });
    expect(await hub.api('POST', '/counters/c1/call-entry', { entryId: caller.body.result.entryId })).toMatchObject({ status: 200 });
    await page.keyboard.press('2');
    const callbacks = page.locator('li.callback');
    await expect.poll(() => callbacks.count(), { timeout: 30_000 }).toBe(1);
    expect(await callbacks.locator('.ticket').textContent()).toBe(caller.body.result.ticket);
  });
});
