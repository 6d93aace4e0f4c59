/** Preact hooks tying the kiosk's connection and its timers to components, with clean-up. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskScan } from '../../../hub/contract/devices.ts';
import { KioskConnection, type KioskLiveState } from './kiosk-connection.ts';
import type { DeviceCredentials } from '../../../web-lib/device-credentials.ts';

/** The site this hub serves, from its health endpoint; asked again until the hub answers. */
export function useSiteId(): string | null {
  const [siteId, setSiteId] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const ask = () =>
      fetch('/healthz')
        .then((response) => response.json() as Promise<{ siteId?: unknown }>)
        .then((health) => {
          if (typeof health.siteId !== 'string') throw new Error('no site id');
          if (!stopped) setSiteId(health.siteId);
        })
        .catch(() => {
          if (!stopped) timer = setTimeout(ask, 2_000);
        });
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return siteId;
}

/** `onScan` may change on every render: the latest one is called. */
export function useKioskConnection(
  url: string,
  siteId: string,
  device: DeviceCredentials,
  onScan: (scan: KioskScan) => void,
): { live: KioskLiveState; connection: KioskConnection } {
  const [connection] = useState(() => new KioskConnection(url, siteId, device));
  const [live, setLive] = useState(() => connection.snapshot());
  const latestOnScan = useRef(onScan);
  latestOnScan.current = onScan;
  useEffect(() => {
    connection.start(setLive, (scan) => latestOnScan.current(scan));
    return () => connection.stop();
  }, [connection]);
  return { live, connection };
}

/** Calls `onIdle` after `ms` without a touch, a key or a change of `screen`. */
export function useIdleTimeout(ms: number | null, screen: unknown, onIdle: () => void): void {
  useEffect(() => {
    if (ms === null) return;
    let timer = setTimeout(onIdle, ms);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    };
    window.addEventListener('pointerdown', reset);
    window.addEventListener('keydown', reset);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', reset);
      window.removeEventListener('keydown', reset);
    };
  }, [ms, screen]);
}
