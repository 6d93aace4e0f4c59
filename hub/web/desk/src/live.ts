/**
 * The live board and alerts, pushed by the hub over Server-Sent Events
 * (GET /desk/api/live). EventSource reconnects by itself after a network
 * blip; when the hub refuses the stream (the session is over) or says the
 * session ended, the desk goes back to sign-in.
 */
import { useEffect, useState } from 'preact/hooks';
import { DESK_API_PREFIX, LIVE_EVENTS, type DeskAlerts, type DeskBoard, type SessionEnd } from '../../../contract/desk.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface Live {
  board: DeskBoard | null;
  alerts: DeskAlerts | null;
  connection: Connection;
  /** The hub's clock minus this browser's, from the latest push: waiting times are counted on the hub's clock. */
  skewMs: number;
}

/** How long to wait before opening a fresh stream once EventSource has given up. */
const REOPEN_MS = 3_000;

export interface LiveControls {
  /** Shows a change before the hub confirms it; the next push replaces it either way. */
  patchBoard: (patch: (board: DeskBoard) => DeskBoard) => void;
  setBoard: (board: DeskBoard) => void;
}

export function useLive(active: boolean, onSessionEnded: (reason: SessionEnd | null) => void): Live & LiveControls {
  const [live, setLive] = useState<Live>({ board: null, alerts: null, connection: 'connecting', skewMs: 0 });

  useEffect(() => {
    if (!active) return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const open = () => {
      source = new EventSource(`${DESK_API_PREFIX}/live`);
      source.addEventListener('open', () => setLive((l) => ({ ...l, connection: 'live' })));
      source.addEventListener(LIVE_EVENTS.board, (event) => {
        const board = JSON.parse((event as MessageEvent<string>).data) as DeskBoard;
        setLive((l) => ({ ...l, board, connection: 'live', skewMs: Date.parse(board.at) - Date.now() }));
      });
      source.addEventListener(LIVE_EVENTS.alerts, (event) => {
        const alerts = JSON.parse((event as MessageEvent<string>).data) as DeskAlerts;
        setLive((l) => ({ ...l, alerts }));
      });
      source.addEventListener(LIVE_EVENTS.ended, (event) => {
        const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason: SessionEnd };
        stop();
        onSessionEnded(reason);
      });
      source.addEventListener('error', () => {
        setLive((l) => ({ ...l, connection: 'reconnecting' }));
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        // The hub refused the stream: the session may be over (the desk API says so), or the hub is restarting.
        onSessionEnded(null);
        reopen = setTimeout(() => !stopped && open(), REOPEN_MS);
      });
    };
    const stop = () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
    open();
    return stop;
  }, [active]);

  return {
    ...live,
    patchBoard: (patch) => setLive((l) => (l.board ? { ...l, board: patch(l.board) } : l)),
    setBoard: (board) => setLive((l) => ({ ...l, board })),
  };
}

/** Re-renders every `ms` so that waiting times and "since" times move on. */
export function useNow(skewMs: number, ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now + skewMs;
}
