/** Preact hooks tying the kiosk's connection and its timers to components, with clean-up. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { KioskScan } from '../../../hub/contract/devices.ts';
import { KioskConnection, type KioskLiveState } from './kiosk-connection.ts';
import type { DeviceCredentials } from '../../../web-lib/device-credentials.ts';
import { normalisePhone } from './phone.ts';

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

export interface ScreenGuard {
  /** Whether the screen now shown may take input (it is inert until then). */
  settled: boolean;
  /**
   * Whether an input event came within `guardMs` of the tap that brought this
   * screen up, by the events' own time stamps (when the finger touched, not
   * when a busy page got to it): the second tap of a double tap, however late.
   */
  tooSoon(event: Event): boolean;
}

/**
 * Guards a new screen against the tap that was meant for the previous one. A
 * new screen is not ready until it has been shown for `guardMs` and every
 * pointer that was down when it appeared has been lifted; and a tap that
 * touched within `guardMs` of the one that brought the screen up is refused
 * even when the page reaches it later. So the second tap of a double tap, or a
 * finger still on the glass, lands on the screen it was meant for, never on
 * what replaced it under the finger (a service card under "Touch to start",
 * "No text" under a service card). The first screen after loading is ready at once.
 */
export function useSettledScreen(screen: string, guardMs: number): ScreenGuard {
  const shown = useRef({ screen, count: 0 });
  if (shown.current.screen !== screen) shown.current = { screen, count: shown.current.count + 1 };
  const count = shown.current.count;
  const [settled, setSettled] = useState(0);
  /** Pointers down right now, by id. */
  const down = useRef(new Set<number>());
  /** When the last pointer was lifted (event time stamp), and when the tap that brought this screen up was. */
  const lastLiftAt = useRef(Number.NEGATIVE_INFINITY);
  const screenTapAt = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    const press = (event: PointerEvent) => down.current.add(event.pointerId);
    const lift = (event: PointerEvent) => {
      down.current.delete(event.pointerId);
      lastLiftAt.current = event.timeStamp;
    };
    window.addEventListener('pointerdown', press, true);
    window.addEventListener('pointerup', lift, true);
    window.addEventListener('pointercancel', lift, true);
    return () => {
      window.removeEventListener('pointerdown', press, true);
      window.removeEventListener('pointerup', lift, true);
      window.removeEventListener('pointercancel', lift, true);
    };
  }, []);

  // A layout effect: the screen is marked not ready before it is first painted.
  useLayoutEffect(() => {
    if (settled === count) return;
    screenTapAt.current = lastLiftAt.current;
    const held = new Set(down.current);
    let waited = false;
    const settle = () => {
      if (waited && held.size === 0) setSettled(count);
    };
    const lifted = (event: PointerEvent) => {
      held.delete(event.pointerId);
      settle();
    };
    const timer = setTimeout(() => {
      waited = true;
      settle();
    }, guardMs);
    window.addEventListener('pointerup', lifted, true);
    window.addEventListener('pointercancel', lifted, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerup', lifted, true);
      window.removeEventListener('pointercancel', lifted, true);
    };
  }, [count, guardMs]);

  return { settled: settled === count, tooSoon: (event) => event.timeStamp - screenTapAt.current < guardMs };
}

/** A number typed on the keypad: what was typed, whether it was refused, and the number in international form on submit. */
export function useTypedPhone(onEdit?: () => void) {
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  return {
    typed,
    invalid,
    empty: typed.trim() === '',
    edit(next: string) {
      setTyped(next);
      setInvalid(false);
      onEdit?.();
    },
    /** Hands the number to `use`, or marks what was typed as not a phone number. */
    submit(use: (e164: string) => void) {
      const phone = normalisePhone(typed);
      if (phone.ok) use(phone.e164);
      else setInvalid(true);
    },
  };
}
