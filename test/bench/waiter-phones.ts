/**
 * The remote waiters' phones for the waiters bench, in a process of their own (test/bench/waiters.ts forks
 * it): 10,000 status sockets take their own event loop, as the phones are not the lobby TV, so the TV's
 * and the desk's figures measured in the bench's process are the hub's and not the bench's own backlog.
 *
 * Messages from the bench: {open, base, tokens} opens a socket per token and waits for each first view;
 * {arm} starts a round; {leave, ticket} closes that waiter's socket; {close}. To the bench: {opened},
 * {armed}, and {allIn, last} once every socket has had a message since the round was armed, `last` being
 * when the last one arrived (ms on the shared clock: performance.timeOrigin + performance.now()).
 */
import WebSocket from 'ws';

export type PhonesRequest =
  | { type: 'open'; base: string; tokens: { ticket: string; token: string }[]; parallel: number }
  | { type: 'arm' }
  | { type: 'leave'; ticket: string }
  | { type: 'close' };
export type PhonesReply = { type: 'opened'; count: number } | { type: 'armed' } | { type: 'allIn'; last: number } | { type: 'failed'; message: string };

interface Phone {
  ws: WebSocket;
  /** When the first message of this round arrived; 0 before. */
  first: number;
}

const phones = new Map<string, Phone>();
let armed = false;
let pending = 0;
const now = () => performance.timeOrigin + performance.now();
const reply = (message: PhonesReply) => process.send!(message);

function received(phone: Phone): void {
  if (!armed || phone.first !== 0) return;
  phone.first = now();
  if (--pending > 0) return;
  armed = false;
  let last = 0;
  for (const p of phones.values()) last = Math.max(last, p.first);
  reply({ type: 'allIn', last });
}

async function open(base: string, tokens: { ticket: string; token: string }[], parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tokens.length) {
        const { ticket, token } = tokens[next++]!;
        const ws = new WebSocket(`${base.replace('http', 'ws')}/wait/api/live`, { perMessageDeflate: false });
        const phone: Phone = { ws, first: 0 };
        await new Promise<void>((resolve, reject) => {
          ws.once('error', reject);
          ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
          ws.once('message', () => resolve());
        });
        ws.on('message', () => received(phone));
        phones.set(ticket, phone);
      }
    }),
  );
}

process.on('message', (message: PhonesRequest) => {
  switch (message.type) {
    case 'open':
      for (const phone of phones.values()) phone.ws.terminate();
      phones.clear();
      open(message.base, message.tokens, message.parallel).then(
        () => reply({ type: 'opened', count: phones.size }),
        (error: Error) => reply({ type: 'failed', message: error.message }),
      );
      return;
    case 'arm':
      for (const phone of phones.values()) phone.first = 0;
      pending = phones.size;
      armed = pending > 0;
      reply({ type: 'armed' });
      return;
    case 'leave':
      phones.get(message.ticket)?.ws.terminate();
      phones.delete(message.ticket);
      return;
    case 'close':
      for (const phone of phones.values()) phone.ws.terminate();
      process.disconnect();
      return;
  }
});
