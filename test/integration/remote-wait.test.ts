/**
 * Remote waiting against a real hub: joining over HTTP, the status link's
 * live WebSocket, the person's own actions, and what others can and cannot
 * learn (public MQTT topics, guessed links), plus the flood limits.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { siteTopics } from '../../hub/contract/topics.ts';
import type { WaitServerMessage } from '../../hub/contract/wait.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const run = promisify(execFile);
let hub: TestHub;
let joinCount = 0;

beforeAll(async () => {
  const site = testSite();
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 8, moreTimePlaces: 2, maxMoreTime: 1 };
  hub = await startTestHub({ site });
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
});
afterAll(() => hub?.stop());

async function join(body: object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ language: 'en', requestId: `test-join-${++joinCount}-x`, ...body }),
  });
  return { status: response.status, body: await response.json() };
}

async function waitingEntry(ticket: string): Promise<any> {
  const entries = await hub.api('GET', '/entries?status=waiting');
  return entries.body.find((e: any) => e.ticket === ticket);
}

/** A status page's live channel: every message it is sent, and a way to wait for one. */
class StatusChannel {
  readonly messages: WaitServerMessage[] = [];
  readonly ws: WebSocket;
  private waiters: Array<() => void> = [];
  closeCode: number | null = null;

  constructor(token: string | null) {
    this.ws = new WebSocket(`${hub.httpUrl.replace('http', 'ws')}/wait/api/live`);
    this.ws.on('open', () => token !== null && this.ws.send(JSON.stringify({ type: 'hello', token })));
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async until<T>(find: (messages: WaitServerMessage[]) => T | undefined): Promise<T> {
    for (;;) {
      const found = find(this.messages);
      if (found !== undefined) return found;
      if (this.closeCode !== null) throw new Error(`closed with ${this.closeCode} before the expected message`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The newest view of the entry that passes `test`. */
  entry(test: (entry: Extract<WaitServerMessage, { type: 'entry' }>['entry']) => boolean) {
    type EntryMessage = Extract<WaitServerMessage, { type: 'entry' }>;
    const isMatch = (m: WaitServerMessage): m is EntryMessage => m.type === 'entry' && test(m.entry);
    return this.until((messages) => messages.filter(isMatch).at(-1)).then((m) => m.entry);
  }

  async act(action: string): Promise<{ ok: boolean; message?: string }> {
    const id = `a${Math.random().toString(36).slice(2)}`;
    this.ws.send(JSON.stringify({ type: 'action', id, action }));
    const reply = await this.until((messages) => messages.find((m) => m.type === 'reply' && m.id === id) as Extract<WaitServerMessage, { type: 'reply' }> | undefined);
    return reply.ok ? { ok: true } : { ok: false, ...(reply.message && { message: reply.message }) };
  }

  close(): void {
    this.ws.close();
  }
}

describe('joining from the QR code', () => {
  it('answers with a status token, not the entry id, and keeps the number in E.164', async () => {
    const joined = await join({ serviceId: 'xray', phone: '(212) 555-0123', textConsent: true });
    expect(joined.status).toBe(201);
    expect(joined.body.ticket).toMatch(/^X-\d{3}$/);
    expect(joined.body.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const entry = await waitingEntry(joined.body.ticket);
    expect(entry.channel).toBe('remote');
    expect(entry.hasPhone).toBe(true);
    expect(JSON.stringify(joined.body)).not.toContain(entry.entryId);
    expect(hub.engine.state.entries[entry.entryId]!.phone).toBe('+12125550123');
  });

  it('refuses an invalid phone number with a message and changes nothing', async () => {
    const seq = hub.engine.state.seq;
    const joined = await join({ serviceId: 'xray', phone: '12', textConsent: true });
    expect(joined.status).toBe(400);
    expect(joined.body.error.message).toMatch(/number/i);
    expect(hub.engine.state.seq).toBe(seq);
  });

  it('refuses a number given without consent to be texted, rather than dropping it unseen', async () => {
    const seq = hub.engine.state.seq;
    const joined = await join({ serviceId: 'xray', phone: '(212) 555-0124' });
    expect(joined.status).toBe(400);
    expect(joined.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/without consent to be texted/) });
    expect(hub.engine.state.seq).toBe(seq);
  });

  it('joins once for a repeated request id', async () => {
    const body = { serviceId: 'xray', requestId: 'same-request-1' };
    const first = await join(body);
    const second = await join(body);
    expect(second.body).toEqual(first.body);
  });
});

describe('the poster at the entrance', () => {
  it("is a QR code of the site's join page, or of one service's", async () => {
    const dir = await mkdtemp(joinPath(tmpdir(), 'lobbyline-poster-'));
    try {
      const file = joinPath(dir, 'poster.png');
      const response = await fetch(`${hub.httpUrl}/wait/api/join-qr.png?service=lab`);
      expect(response.headers.get('content-type')).toBe('image/png');
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      const { stdout } = await run('zbarimg', ['--raw', '-q', file]);
      expect(stdout.trim()).toBe(`${hub.httpUrl}/wait/?service=lab`);
      expect((await fetch(`${hub.httpUrl}/wait/api/join-qr.png?service=dentist`)).status).toBe(404);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the status link', () => {
  it('pushes the place as staff call others, and takes on-my-way, more time and leave', async () => {
    for (let i = 0; i < 3; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const joined = await join({ serviceId: 'lab' });
    for (let i = 0; i < 2; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const page = new StatusChannel(joined.body.token);
    const first = await page.entry(() => true);
    expect(first).toMatchObject({ ticket: joined.body.ticket, status: 'waiting', position: 4, serviceName: { en: 'Lab tests' } });
    // Two behind: more time would move them back both places; no number, no texts.
    expect(first).toMatchObject({ moreTime: { places: 2, left: 1 }, textsTo: null });

    const called = await hub.api('POST', '/counters/c1/call-next');
    await page.entry((e) => e.position === 3);
    await hub.api('POST', `/entries/${called.body.entryId}/start-serving`);

    expect(await page.act('on-my-way')).toEqual({ ok: true });
    await page.entry((e) => e.onMyWay);

    expect(await page.act('more-time')).toEqual({ ok: true });
    const movedBack = await page.entry((e) => e.position === 5);
    // Now last in line: there is nowhere further back to go.
    expect(movedBack.moreTime).toEqual({ places: 0, left: 0 });
    const again = await page.act('more-time');
    expect(again.ok).toBe(false);
    expect(again.message).toMatch(/already been given more time once/);

    expect(await page.act('leave')).toEqual({ ok: true });
    expect((await page.entry((e) => e.status === 'cancelled')).position).toBeNull();
    page.close();
  });

  it('refuses a guessed or malformed link and closes', async () => {
    const page = new StatusChannel('AAAAAAAAAAAAAAAAAAAAAAAA');
    const refusal = await page.until((m) => m.find((x) => x.type === 'unknown-link'));
    expect(refusal).toBeDefined();
    await page.until(() => (page.closeCode === 4404 ? true : undefined)).catch(() => {});
    expect(page.closeCode).toBe(4404);
    expect(page.messages.filter((m) => m.type === 'entry')).toHaveLength(0);
  });

  it('closes a connection that sends anything but our messages', async () => {
    const page = new StatusChannel(null);
    await new Promise((resolve) => page.ws.once('open', resolve));
    page.ws.send('{"type":"subscribe","topic":"#"}');
    await page.until(() => (page.closeCode !== null ? true : undefined)).catch(() => {});
    expect(page.closeCode).toBe(4400);
  });

  it('leaks nothing to someone on the public MQTT topics', async () => {
    const joined = await join({ serviceId: 'reg', phone: '(212) 555-0188', textConsent: true });
    const client = await mqtt.connectAsync(hub.mqttUrl, { protocolVersion: 4, clean: true });
    const seen: string[] = [];
    client.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
    // Anonymous clients may not subscribe to everything...
    await expect(client.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    // ...but may read the public state, as lobby TVs do.
    await client.subscribeAsync(siteTopics(hub.engine.config.siteId).publicAll, { qos: 1 });
    await hub.api('POST', '/entries', { serviceId: 'reg', channel: 'kiosk' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.endAsync();
    const everything = seen.join('\n');
    expect(everything).toContain('public'); // the anonymous client did get the public state
    const entryId = Object.values(hub.engine.state.entries).find((e) => e.ticket === joined.body.ticket && e.serviceId === 'reg')!.id;
    for (const secret of [joined.body.token, '2125550188', entryId]) expect(everything).not.toContain(secret);
  });
});

describe('flood limits', () => {
  it('counts guessed status links sent together one by one, and never refuses a real link', async () => {
    const flooded = await startTestHub();
    const guesses = 200;
    const perClient = 30;
    try {
      const joined = await fetch(`${flooded.httpUrl}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: 'real-person-xxxx' }),
      }).then((r) => r.json());
      const sockets = await Promise.all(
        Array.from({ length: guesses }, () => {
          const ws = new WebSocket(`${flooded.httpUrl.replace('http', 'ws')}/wait/api/live`);
          return new Promise<WebSocket>((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
        }),
      );
      const closed = sockets.map((ws) => new Promise<number>((resolve) => ws.once('close', resolve)));
      // All at once: each guess is a different well-formed token.
      sockets.forEach((ws, i) => ws.send(JSON.stringify({ type: 'hello', token: `guess${String(i).padStart(19, '0')}` })));
      const codes = await Promise.all(closed);
      expect(codes.filter((code) => code === 4404)).toHaveLength(perClient);
      expect(codes.filter((code) => code === 4429)).toHaveLength(guesses - perClient);

      // The same address, now refused for guessing, still opens a real link.
      const page = new WebSocket(`${flooded.httpUrl.replace('http', 'ws')}/wait/api/live`);
      page.on('open', () => page.send(JSON.stringify({ type: 'hello', token: joined.token })));
      const first = await new Promise<WaitServerMessage>((resolve) => page.once('message', (data) => resolve(JSON.parse(data.toString()))));
      expect(first).toMatchObject({ type: 'entry', entry: { ticket: joined.ticket } });
      page.close();
    } finally {
      await flooded.stop();
    }
  });

  it('refuses a flood of joins from one client after the limit, and the line is unchanged', async () => {
    const site = testSite();
    site.remoteWait = { ...site.remoteWait, joinsPerClient: 5 };
    const flooded = await startTestHub({ site });
    try {
      const results: number[] = [];
      for (let i = 0; i < 1000; i += 50) {
        const batch = Array.from({ length: 50 }, (_, j) =>
          fetch(`${flooded.httpUrl}/wait/api/join`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: `flood-${i + j}-xxxx` }),
          }).then((r) => r.status),
        );
        results.push(...(await Promise.all(batch)));
      }
      expect(results.filter((s) => s === 201)).toHaveLength(5);
      expect(results.filter((s) => s === 429)).toHaveLength(995);
      expect(flooded.engine.state.lines.lab).toHaveLength(5);
      const refused = await fetch(`${flooded.httpUrl}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: 'flood-last-xxxx' }),
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.message).toMatch(/Too many people are joining from this device/);
    } finally {
      await flooded.stop();
    }
  });
});
