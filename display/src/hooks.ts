/** Preact hooks that tie the framework-free parts (connection, announcer) to components, with clean-up. */
import { useEffect, useState } from 'preact/hooks';
import { Announcer, type SoundState } from './announcer.ts';
import { HubConnection, type HubConnectionOptions, type LiveState } from './hub-connection.ts';

/**
 * One connection for the component's lifetime; ended when it unmounts. A burst
 * of messages (a reconnect replaying retained state, a busy desk) renders once
 * per frame with the latest state, not once per message.
 */
export function useHubConnection(options: HubConnectionOptions): { live: LiveState; connection: HubConnection } {
  const [connection] = useState(() => new HubConnection(options));
  const [live, setLive] = useState(() => connection.snapshot());
  useEffect(() => {
    const render = onceSoon(() => setLive(connection.snapshot()));
    connection.start(render.request);
    return () => {
      render.cancel();
      connection.stop();
    };
  }, [connection]);
  return { live, connection };
}

/**
 * Runs `action` once at the next frame, however often it is requested until
 * then. Hidden pages get no frames, so a timer stands in for them: state (and
 * the announcements that follow it) keeps moving on a screen a browser thinks nobody sees.
 */
function onceSoon(action: () => void): { request: () => void; cancel: () => void } {
  let pending = false;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    pending = false;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const run = () => {
    if (!pending) return;
    cancel();
    action();
  };
  return {
    request() {
      if (pending) return;
      pending = true;
      frame = requestAnimationFrame(run);
      timer = setTimeout(run, 100);
    },
    cancel,
  };
}

export function useAnnouncer(languages: readonly string[]): { announcer: Announcer | null; sound: SoundState | null } {
  const [announcer, setAnnouncer] = useState<Announcer | null>(null);
  const [sound, setSound] = useState<SoundState | null>(null);
  // One announcer for the screen's lifetime; languages change by setLanguages, keeping the queue and audio context.
  useEffect(() => {
    const created = new Announcer(languages, setSound);
    setAnnouncer(created);
    return () => created.dispose();
  }, []);
  const languageKey = languages.join(',');
  useEffect(() => announcer?.setLanguages(languages), [announcer, languageKey]);
  return { announcer, sound };
}

/** Until the hub answers: a TV switched on before the hub keeps asking. */
const HEALTH_RETRY_MS = 3_000;

/**
 * The site this hub serves, from its public health check; null until it has
 * answered. A display set for another site would otherwise wait for its
 * topics for ever, saying only that it is connecting.
 */
export function useHubSiteId(): string | null {
  const [siteId, setSiteId] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      fetch('/healthz', { signal: abort.signal })
        .then((response) => (response.ok ? (response.json() as Promise<{ siteId?: unknown }>) : null))
        .then((health) => {
          if (typeof health?.siteId === 'string') setSiteId(health.siteId);
          else retry = setTimeout(ask, HEALTH_RETRY_MS);
        })
        .catch(() => {
          if (!abort.signal.aborted) retry = setTimeout(ask, HEALTH_RETRY_MS);
        });
    };
    ask();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, []);
  return siteId;
}

const PORTRAIT = '(orientation: portrait)';

/** Whether the screen is taller than wide, following rotations and window resizes. */
export function usePortrait(): boolean {
  const [portrait, setPortrait] = useState(() => matchMedia(PORTRAIT).matches);
  useEffect(() => {
    const query = matchMedia(PORTRAIT);
    const onChange = () => setPortrait(query.matches);
    query.addEventListener('change', onChange);
    onChange();
    return () => query.removeEventListener('change', onChange);
  }, []);
  return portrait;
}
