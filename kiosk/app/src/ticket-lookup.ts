/**
 * Finds the place of someone who scanned their ticket's QR code at the kiosk:
 * the same live channel as their phone's status page (/wait/api/live on the
 * kiosk page's own origin), asked once with the link's token and then closed.
 * Someone who waited away (remote or by phone) and scans their link here is in
 * the building: the kiosk says "I'm here" for them, holding their link, first.
 */
import type { WaiterView, WaitServerMessage } from '../../../hub/contract/wait.ts';
import { liveChannelUrl } from '../../../web-lib/wait-live-channel.ts';
import type { Answer } from './kiosk-connection.ts';

export function lookUpTicket(token: string, timeoutMs = 6_000): Promise<Answer<WaiterView>> {
  return new Promise((resolve) => {
    let settled = false;
    let firstView: WaiterView | null = null;
    const socket = new WebSocket(liveChannelUrl(location));
    const finish = (answer: Answer<WaiterView>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ ok: false, kind: 'unreachable' }), timeoutMs);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', token }));
    socket.onmessage = (event) => {
      let message: WaitServerMessage;
      try {
        message = JSON.parse(String(event.data)) as WaitServerMessage;
      } catch {
        return;
      }
      if (message.type === 'entry' && message.entry.here === 'ask' && !firstView) {
        firstView = message.entry;
        socket.send(JSON.stringify({ type: 'action', id: 'kiosk-scan', action: 'arrived-at-kiosk' }));
      } else if (message.type === 'entry') finish({ ok: true, value: message.entry });
      // Not recorded (the visit ended meanwhile): their place is still worth showing.
      else if (message.type === 'reply' && !message.ok && firstView) finish({ ok: true, value: firstView });
      else if (message.type === 'unknown-link') finish({ ok: false, kind: 'refused', code: 'not_found', message: message.message });
    };
    socket.onerror = () => finish({ ok: false, kind: 'unreachable' });
    socket.onclose = () => finish({ ok: false, kind: 'unreachable' });
  });
}
