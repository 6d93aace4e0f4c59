/**
 * What changed, pushed by the console over Server-Sent Events (/api/live):
 * each `change` names a list (sites or callbacks) and the screens showing it
 * fetch it again. EventSource reconnects by itself after a blip; when the
 * console refuses the stream (the session may be over), the app asks who is
 * signed in and opens a fresh stream a little later.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CONSOLE_ROUTES, type LiveChange } from '../../api.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** How long to wait before opening a fresh stream once EventSource has given up. */
const REOPEN_MS = 3_000;

/** `onChange` hears every change, and one of each kind whenever the stream (re)opens, since changes may have been missed. */
export function useLive(onChange: (kind: LiveChange['kind']) => void, onRefused: () => void): Connection {
  const [connection, setConnection] = useState<Connection>('connecting');
  const latest = useRef({ onChange, onRefused });
  latest.current = { onChange, onRefused };

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource(CONSOLE_ROUTES.live);
      source.addEventListener('open', () => {
        setConnection('live');
        latest.current.onChange('sites');
        latest.current.onChange('callbacks');
      });
      source.addEventListener('change', (event) => {
        const change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
        latest.current.onChange(change.kind);
      });
      source.addEventListener('error', () => {
        setConnection('reconnecting');
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        latest.current.onRefused();
        reopen = setTimeout(() => !stopped && open(), REOPEN_MS);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, []);
  return connection;
}
