/** The broker's CONNECT pacing (hub/broker/connection-pacer.ts), with streams standing in for client connections. */
import { PassThrough } from 'node:stream';
import type { Client } from 'aedes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionPacer } from '../../hub/broker/connection-pacer.ts';

const clientOf = (name: string) => ({ id: name, conn: new PassThrough() }) as unknown as Client;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('CONNECT pacing', () => {
  it('starts no more than its limit at once, and the next in order as each finishes', async () => {
    const pacer = new ConnectionPacer(3);
    const started: string[] = [];
    const clients = Array.from({ length: 7 }, (_, i) => clientOf(`c${i}`));
    for (const client of clients) pacer.admit(client, () => started.push(client.id));
    expect(started).toEqual(['c0', 'c1', 'c2']);

    pacer.finished(clients[1]!);
    await nextTurn();
    expect(started).toEqual(['c0', 'c1', 'c2', 'c3']);

    // Finishing twice, or a client never started, frees nothing more.
    pacer.finished(clients[1]!);
    pacer.finished(clients[6]!);
    await nextTurn();
    expect(started).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('gives a place back when the connection closes before its CONNACK', async () => {
    const pacer = new ConnectionPacer(1);
    const started: string[] = [];
    const [first, second] = [clientOf('first'), clientOf('second')];
    pacer.admit(first, () => started.push('first'));
    pacer.admit(second, () => started.push('second'));
    expect(started).toEqual(['first']);
    first.conn.destroy();
    await vi.waitFor(() => expect(started).toEqual(['first', 'second']));
  });

  it('skips a connection that closed while it waited', async () => {
    const pacer = new ConnectionPacer(1);
    const started: string[] = [];
    const [first, gone, third] = [clientOf('first'), clientOf('gone'), clientOf('third')];
    for (const client of [first, gone, third]) pacer.admit(client, () => started.push(client.id));
    gone.conn.destroy();
    pacer.finished(first);
    await vi.waitFor(() => expect(started).toEqual(['first', 'third']));
  });

  it('lets the next one through after a while even if a CONNECT never reports back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pacer = new ConnectionPacer(1);
    const started: string[] = [];
    pacer.admit(clientOf('stuck'), () => started.push('stuck'));
    pacer.admit(clientOf('next'), () => started.push('next'));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(started).toEqual(['stuck']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['stuck', 'next']);
  });
});
