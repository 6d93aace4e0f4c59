/**
 * The two lists every screen reads, sites and callbacks due, fetched again
 * when the live stream says one changed. Changes arriving while a fetch is
 * under way are folded into one more fetch after it, so a busy stream costs
 * one request at a time per list.
 */
import { useRef, useState } from 'preact/hooks';
import { CONSOLE_ROUTES, type DueCallback, type LiveChange, type SiteLine } from '../../api.ts';
import type { ConsoleApi } from './api.ts';

type Kind = LiveChange['kind'];

export interface Lists {
  sites: SiteLine[];
  callbacks: DueCallback[];
  /** Fetches a list now, or once more after the fetch under way. */
  refresh(kind: Kind): Promise<void>;
}

export function useLists(api: ConsoleApi): Lists {
  const [sites, setSites] = useState<SiteLine[]>([]);
  const [callbacks, setCallbacks] = useState<DueCallback[]>([]);
  const running = useRef<Partial<Record<Kind, Promise<void>>>>({});
  const again = useRef<Partial<Record<Kind, Promise<void>>>>({});

  const fetchList = async (kind: Kind): Promise<void> => {
    const result = await api.get<SiteLine[] | DueCallback[]>(CONSOLE_ROUTES[kind]);
    if (!result.ok) return;
    if (kind === 'sites') setSites(result.value as SiteLine[]);
    else setCallbacks(result.value as DueCallback[]);
  };

  const refresh = (kind: Kind): Promise<void> => {
    const current = running.current[kind];
    if (!current) {
      const started = fetchList(kind).finally(() => {
        if (running.current[kind] === started) delete running.current[kind];
      });
      running.current[kind] = started;
      return started;
    }
    // One follow-up fetch covers every change that arrived during the current one.
    again.current[kind] ??= current.then(() => {
      delete again.current[kind];
      return refresh(kind);
    });
    return again.current[kind]!;
  };

  return { sites, callbacks, refresh };
}
