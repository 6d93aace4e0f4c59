/** Preact hooks tying the page's framework-free parts (site, live channel, address) to components, with clean-up. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { WaitSite } from '../../../contract/wait.ts';
import { fetchSite } from './join-api.ts';
import { LiveChannel, liveChannelUrl, type LiveState } from '../../../../web-lib/wait-live-channel.ts';
import { useFromHash } from '../../../../web-lib/use-hash.ts';
import { currentToken } from './remembered.ts';

export type SiteState = { site: WaitSite | null; failed: boolean; reload: () => void };

/** The site's services and their lines, asked once and again on `reload` (after a refused join, say). */
export function useSite(): SiteState {
  const [site, setSite] = useState<WaitSite | null>(null);
  const [failed, setFailed] = useState(false);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let stopped = false;
    fetchSite()
      .then((answer) => {
        if (stopped) return;
        setSite(answer);
        setFailed(false);
      })
      .catch(() => {
        if (!stopped) setFailed(true);
      });
    return () => {
      stopped = true;
    };
  }, [asked]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { site, failed, reload };
}

/** The status link's token, following the address as it changes (a join sets #token). */
export function useToken(): string | null {
  return useFromHash(currentToken);
}

/** One live channel for the token while the component shows; closed when it goes. */
export function useLiveChannel(token: string): { live: LiveState; channel: LiveChannel } {
  const [channel] = useState(() => new LiveChannel(liveChannelUrl(location), token));
  const [live, setLive] = useState(() => channel.snapshot());
  useEffect(() => {
    channel.start(setLive);
    return () => channel.stop();
  }, [channel]);
  return { live, channel };
}
