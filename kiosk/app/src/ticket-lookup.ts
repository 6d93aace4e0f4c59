/**
 * What the kiosk does for someone who scanned their ticket's QR code, through
 * the same live channel as their phone's status page (/wait/api/live on the
 * kiosk page's own origin), asked with the link's token and then closed: the
 * kiosk acts as the holder of that link, never with rights of its own.
 */
import type { WaitClientMessage, WaiterView, WaitServerMessage } from '../../../hub/contract/wait.ts';
import { liveChannelUrl } from '../../../web-lib/wait-live-channel.ts';
import type { Answer } from './kiosk-connection.ts';

const TIMEOUT_MS = 6_000;

/**
 * Their place. Someone who waited away (remote or by phone) and scans their
 * link here is in the building: the kiosk says "I'm here" for them first.
 */
export function lookUpTicket(token: string): Promise<Answer<WaiterView>> {
  let firstView: WaiterView | null = null;
  return throughStatusLink<WaiterView>(token, (message, send, finish) => {
    if (message.type === 'entry' && message.entry.here === 'ask' && !firstView) {
      firstView = message.entry;
      send({ type: 'action', id: 'kiosk-scan', action: 'arrived-at-kiosk' });
    } else if (message.type === 'entry') finish({ ok: true, value: message.entry });
    // Not recorded (the visit ended meanwhile): their place is still worth showing.
    else if (message.type === 'reply' && !message.ok && firstView) finish({ ok: true, value: firstView });
  });
}

/** "Call me back instead": the visit goes on by phone at `phone` (E.164), keeping its ticket and place. */
export function askToBeCalledBack(token: string, phone: string): Promise<Answer<null>> {
  let asked = false;
  return throughStatusLink<null>(token, (message, send, finish) => {
    if (message.type === 'entry' && !asked) {
      asked = true;
      send({ type: 'action', id: 'kiosk-call-back', action: 'call-me-back', phone });
    } else if (message.type === 'reply' && message.ok) finish({ ok: true, value: null });
    else if (message.type === 'reply') {
      const { code = 'refused', reason, params } = message.error ?? {};
      finish({ ok: false, kind: 'refused', code, message: message.message ?? '', reason, params });
    }
  });
}

/** The token of a status link (/wait/#<token>), as the kiosk was answered it for a ticket it printed. */
export function tokenOf(statusUrl: string): string {
  return new URL(statusUrl).hash.slice(1);
}

type OnMessage<T> = (message: WaitServerMessage, send: (message: WaitClientMessage) => void, finish: (answer: Answer<T>) => void) => void;

/** Opens the link's channel and hands each message to `onMessage` until it finishes; an unknown link is refused as not found. */
function throughStatusLink<T>(token: string, onMessage: OnMessage<T>): Promise<Answer<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = new WebSocket(liveChannelUrl(location));
    const finish = (answer: Answer<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ ok: false, kind: 'unreachable' }), TIMEOUT_MS);
    const send = (message: WaitClientMessage) => socket.send(JSON.stringify(message));
    socket.onopen = () => send({ type: 'hello', token });
    socket.onmessage = (event) => {
      let message: WaitServerMessage;
      try {
        message = JSON.parse(String(event.data)) as WaitServerMessage;
      } catch {
        return;
      }
      if (message.type === 'unknown-link') finish({ ok: false, kind: 'refused', code: 'not_found', message: message.message });
      else onMessage(message, send, finish);
    };
    socket.onerror = () => finish({ ok: false, kind: 'unreachable' });
    socket.onclose = () => finish({ ok: false, kind: 'unreachable' });
  });
}
