/**
 * Remote waiters' places are pushed after the lobby: the caller's reply and the
 * TV's now-serving go out first, and a waiter is sent their view only when it
 * changed, with the right place after moves, transfers and undo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { siteTopics } from '../../hub/contract/topics.ts';
import type { WaitServerMessage, WaiterView } from '../../hub/contract/wait.ts';
import { submitCommand } from '../../hub/engine/command-gateway.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let joins = 0;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
});
afterAll(() => hub?.stop());

async function join(serviceId: string): Promise<{ ticket: string; token: string }> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, language: 'en', requestId: `push-join-${++joins}-x` }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { ticket: string; token: string };
}

async function enrol(serviceId: string): Promise<string> {
  const enrolled = await hub.api('POST', '/entries', { serviceId, channel: 'kiosk' });
  expect(enrolled.status).toBe(201);
  return enrolled.body.entryId;
}

class StatusChannel {
  readonly messages: WaitServerMessage[] = [];
  readonly ws: WebSocket;
  private wake: Array<() => void> = [];

  constructor(token: string) {
    this.ws = new WebSocket(`${hub.httpUrl.replace('http', 'ws')}/wait/api/live`);
    this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'hello', token })));
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.wake.splice(0)) wake();
    });
  }

  get views(): WaiterView[] {
    return this.messages.flatMap((m) => (m.type === 'entry' ? [m.entry] : []));
  }

  async view(test: (view: WaiterView) => boolean): Promise<WaiterView> {
    for (;;) {
      const found = [...this.views].reverse().find(test);
      if (found) return found;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  /** The first view sent after the first `after` views that passes `test`. */
  async viewAfter(after: number, test: (view: WaiterView) => boolean): Promise<WaiterView> {
    for (;;) {
      const found = this.views.slice(after).find(test);
      if (found) return found;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  async act(action: string): Promise<void> {
    const id = `a${++joins}`;
    this.ws.send(JSON.stringify({ type: 'action', id, action }));
    for (;;) {
      if (this.messages.some((m) => m.type === 'reply' && m.id === id)) return;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  close(): void {
    this.ws.close();
  }
}

describe('pushing places to remote waiters', () => {
  it('sends a waiter nothing when someone joins behind them, and the right place after moves, a transfer, a cancel and its undo', async () => {
    const first = await join('lab');
    const behind = [await enrol('lab'), await enrol('lab'), await enrol('lab'), await enrol('lab')];
    const channel = new StatusChannel(first.token);
    try {
      // First in line, with more than the "more time" places behind: a join at the end changes nothing they see.
      const start = await channel.view((v) => v.position === 1);
      const before = channel.views.length;
      await enrol('lab');
      // The marker: their own action's view is the next one they get.
      await channel.act('on-my-way');
      const marked = await channel.view((v) => v.onMyWay);
      expect(channel.views.slice(before)).toEqual([marked]);
      expect(marked).toMatchObject({ position: 1, moreTime: start.moreTime, estimate: start.estimate });

      // Someone moved ahead of them: second.
      let seen = channel.views.length;
      expect((await hub.api('POST', `/entries/${behind[2]}/move`, { toPosition: 1 })).status).toBe(200);
      expect(await channel.viewAfter(seen, () => true)).toMatchObject({ position: 2 });
      // Sent on to X-ray from the front: first again.
      seen = channel.views.length;
      expect((await hub.api('POST', `/entries/${behind[2]}/transfer`, { toServiceId: 'xray', keepPlace: false })).status).toBe(200);
      expect(await channel.viewAfter(seen, () => true)).toMatchObject({ position: 1 });
      // Someone else moved ahead, then cancelled: second, then first again.
      for (const [path, body, position] of [
        [`/entries/${behind[3]}/move`, { toPosition: 1 }, 2],
        [`/entries/${behind[3]}/cancel`, {}, 1],
      ] as const) {
        seen = channel.views.length;
        expect((await hub.api('POST', path, body)).status).toBe(200);
        expect(await channel.viewAfter(seen, () => true)).toMatchObject({ position });
      }
      // The cancel undone puts them back by arrival, behind our waiter: nothing for them, and the next view is the next change.
      seen = channel.views.length;
      expect((await hub.api('POST', `/entries/${behind[3]}/undo`)).body).toMatchObject({ status: 'waiting', position: 4 });
      expect((await hub.api('POST', `/entries/${behind[3]}/move`, { toPosition: 1 })).status).toBe(200);
      const next = await channel.viewAfter(seen, () => true);
      expect(channel.views.slice(seen)).toEqual([next]);
      expect(next.position).toBe(2);
      expect(hub.engine.state.lines.lab!.indexOf(behind[3]!)).toBe(0);
    } finally {
      channel.close();
    }
  });

  it("answers the caller and publishes the TV's now-serving before any waiter is sent a new place", async () => {
    await enrol('lab');
    const waiter = await join('lab');
    const channel = new StatusChannel(waiter.token);
    const order: string[] = [];
    const broker = hub.broker as unknown as { publishRetained: (topic: string, payload: unknown) => void };
    const publishRetained = broker.publishRetained;
    const send = WebSocket.prototype.send;
    try {
      const start = await channel.view(() => true);
      broker.publishRetained = function (topic, payload) {
        if (topic === siteTopics('demo-clinic').nowServing) order.push('tv');
        return publishRetained.call(this, topic, payload);
      };
      WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
        if (typeof data === 'string' && data.startsWith('{"type":"entry"')) order.push('waiter');
        return (send as (...args: unknown[]) => void).call(this, data, ...rest);
      } as typeof send;
      const called = await submitCommand(hub.engine, { kind: 'integration', keyId: 'demo', address: '127.0.0.1' }, 'call-next', { counterId: 'c1' });
      order.push('reply');
      expect(called.ok).toBe(true);
      await channel.view((v) => v !== start && v.position !== start.position);
      expect(order.indexOf('tv')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('waiter')).toBeGreaterThan(order.indexOf('reply'));
      expect(order.indexOf('waiter')).toBeGreaterThan(order.indexOf('tv'));
    } finally {
      broker.publishRetained = publishRetained;
      WebSocket.prototype.send = send;
      channel.close();
    }
  });
});
