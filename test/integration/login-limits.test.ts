/**
 * Sign-ins under guessing, through a real hub: MQTT CONNECTs with a wrong
 * password, desk sign-ins with made-up ids and REST calls with made-up keys
 * are limited per address before any password is hashed; API keys are
 * compared without scrypt and carry scopes; device passwords in the fast
 * form too. node:crypto's scrypt (and scryptSync) are wrapped to count calls:
 * the lowest boundary there is. kiosk-1 keeps a scrypt hash, as site files
 * from before have; the other demo devices are in the fast form.
 */
import { connect } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: unknown[]) => {
    hashes.count++;
    return (actual.scrypt as (...a: unknown[]) => void)(...args);
  };
  const scryptSync = (...args: unknown[]) => {
    hashes.count++;
    return (actual.scryptSync as (...a: unknown[]) => Buffer)(...args);
  };
  return { ...actual, default: { ...actual, scrypt, scryptSync }, scrypt, scryptSync };
});

const { apiKeyHash } = await import('../../hub/access/api-keys.ts');
const { hashSecret } = await import('../../hub/access/credentials.ts');
const { DEMO_PASSWORDS, restApi, startTestHub, testSite } = await import('../helpers/hub.ts');
const { tryConnect } = await import('../helpers/mqtt.ts');
type TestHub = Awaited<ReturnType<typeof startTestHub>>;

/** The hub's default: 20 failures from one address before it waits. */
const TRIES = 20;
const READER_KEY = 'reader-key-0123456789abcdef0123456789';
/** The hub's clock stands still, so no try comes back while a test runs however slow the machine. */
const NOW = Date.parse('2026-03-02T15:00:00Z');

let hub: TestHub;
beforeEach(async () => {
  const site = testSite();
  site.apiKeys = [...site.apiKeys, { id: 'reader', secretHash: apiKeyHash(READER_KEY), scopes: ['read'] }];
  site.devices = site.devices.map((device) => (device.id === 'kiosk-1' ? { ...device, secretHash: hashSecret(DEMO_PASSWORDS['kiosk-1']) } : device));
  hub = await startTestHub({ site, clock: () => NOW });
  hashes.count = 0;
});
afterEach(async () => {
  await hub.stop();
});

describe('MQTT sign-in under guessing', () => {
  it('refuses an address that keeps sending wrong passwords before hashing them, and still lets a device it knows back in', async () => {
    const kiosk = { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] };
    const first = await tryConnect(hub.mqttUrl, { ...kiosk, clientId: 'kiosk-1-agent' });
    expect(first.ok).toBe(true);
    if (first.ok) await first.client.endAsync();
    expect(hashes.count).toBe(1);

    const outcomes = [];
    for (let i = 0; i < TRIES + 5; i++) outcomes.push(await tryConnect(hub.mqttUrl, { username: 'kiosk-1', password: `guess-${i}`, clientId: `guesser-${i}` }));
    expect(outcomes.slice(0, TRIES).every((o) => !o.ok && o.returnCode === 4)).toBe(true);
    expect(outcomes.slice(TRIES).every((o) => !o.ok && o.returnCode === 5)).toBe(true);
    expect(hashes.count).toBe(1 + TRIES);

    // The kiosk's own password was checked a moment ago: no hashing, no waiting.
    const again = await tryConnect(hub.mqttUrl, { ...kiosk, clientId: 'kiosk-1-agent' });
    expect(again.ok).toBe(true);
    if (again.ok) await again.client.endAsync();
    expect(hashes.count).toBe(1 + TRIES);
  });

  it('takes a device whose hash is in the fast form and refuses a wrong password or a made-up id, all without scrypt', async () => {
    const display = await tryConnect(hub.mqttUrl, { username: 'display-1', password: DEMO_PASSWORDS['display-1'], clientId: 'tv-1' });
    expect(display.ok).toBe(true);
    if (display.ok) await display.client.endAsync();
    const wrong = await tryConnect(hub.mqttUrl, { username: 'display-1', password: 'demo-display-2', clientId: 'tv-2' });
    expect(wrong).toMatchObject({ ok: false, returnCode: 4 });
    const madeUp = await tryConnect(hub.mqttUrl, { username: 'display-9', password: 'demo-display-9', clientId: 'tv-9' });
    expect(madeUp).toMatchObject({ ok: false, returnCode: 4 });
    expect(hashes.count).toBe(0);
  });

  it('keeps enrolling while a storm of wrong passwords from many addresses keeps scrypt busy: the checks wait in line, not the line', async () => {
    const STORM = 30;
    const port = Number(new URL(hub.mqttUrl).port);
    const packet = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 30, clientId: '', username: 'kiosk-1', password: Buffer.from('wrong') } as mqttPacket.IConnectPacket);
    let answered = 0;
    // One address each (127.0.1.x), so the limit per address stops none of them and every one costs a scrypt.
    const storm = Array.from(
      { length: STORM },
      (_, i) =>
        new Promise<number>((resolve) => {
          const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.1.${1 + i}` }, () => socket.write(packet));
          socket.once('data', (data) => {
            answered++;
            resolve(data[3] ?? -1);
            socket.destroy();
          });
          socket.once('error', () => resolve(-1));
        }),
    );
    const statuses: number[] = [];
    let answeredWhenEnrolled = 0;
    for (let i = 0; i < 5; i++) {
      statuses.push((await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).status);
      answeredWhenEnrolled = answered;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    // SQLite's writes did not queue behind the storm's hashes on libuv's threads.
    expect(answeredWhenEnrolled).toBeLessThan(STORM);
    expect(await Promise.all(storm)).toEqual(Array(STORM).fill(4));
    expect(hashes.count).toBe(STORM);
  });
});

describe('desk sign-in under guessing', () => {
  it('refuses an address that keeps trying made-up ids before hashing, and says when to try again', async () => {
    const statuses: number[] = [];
    let last: { error: { message: string } } | undefined;
    for (let i = 0; i < TRIES + 3; i++) {
      const reply = await fetch(`${hub.httpUrl}/desk/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffId: `nobody-${i}`, password: 'guess' }),
      });
      statuses.push(reply.status);
      last = await reply.json();
    }
    expect(statuses).toEqual([...Array(TRIES).fill(401), 429, 429, 429]);
    expect(last?.error.message).toMatch(/^Too many failed sign-ins from this address\. Try again in \d+ seconds?\.$/);
    // One more: the stand-in hash that made-up ids are checked against, made on first need.
    expect(hashes.count).toBe(TRIES + 1);
  });
});

describe('REST API keys', () => {
  it('refuses made-up keys without any scrypt and takes the right one', async () => {
    for (let i = 0; i < 30; i++) {
      const reply = await hub.api('GET', '/services', undefined, { authorization: `Bearer x${i}` });
      expect(reply.status).toBe(401);
    }
    expect((await hub.api('GET', '/services')).status).toBe(200);
    expect(hashes.count).toBe(0);
  });

  it("refuses what a key's scopes do not cover, with a message that says which", async () => {
    const reader = restApi(hub.httpUrl);
    const asReader = { authorization: `Bearer ${READER_KEY}` };
    expect((await reader('GET', '/services', undefined, asReader)).status).toBe(200);
    expect((await reader('GET', '/entries', undefined, asReader)).status).toBe(200);

    const enrol = await reader('POST', '/entries', { serviceId: 'lab' }, asReader);
    expect(enrol).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/^API key reader does not have the 'enrol' scope/) } } });
    for (const [method, path] of [['POST', '/counters/c1/call-next'], ['GET', '/events'], ['GET', '/reports'], ['POST', '/contact-center/enroll']] as const) {
      expect((await reader(method, path, method === 'POST' ? {} : undefined, asReader)).status, `${method} ${path}`).toBe(403);
    }
    expect((await reader('GET', '/no-such-thing', undefined, asReader)).status).toBe(404);
    // Nothing was changed by the refused requests.
    expect((await hub.api('GET', '/entries')).body).toEqual([]);
  });
});
