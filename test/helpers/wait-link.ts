/** Reads a remote-wait status link the way its page does: the token over /wait/api/live, answered with that one entry. */
import WebSocket from 'ws';
import type { WaiterView, WaitServerMessage } from '../../hub/contract/wait.ts';

export function waiterViewOf(httpUrl: string, statusUrl: string): Promise<WaiterView> {
  const token = statusUrl.split('#')[1] ?? '';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/wait/api/live`);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WaitServerMessage;
      if (message.type === 'entry') resolve(message.entry);
      else reject(new Error(`the hub did not know the link ${statusUrl}: ${JSON.stringify(message)}`));
      ws.close();
    });
    ws.on('close', (code) => reject(new Error(`closed with ${code} before the entry came`)));
    ws.on('error', reject);
  });
}
