/**
 * A claim lapses unless its holder claims again (contact-center/claims.ts), so
 * that a closed browser does not hold a caller for long. While this console is
 * open, the agent's own claims are renewed before they lapse: a long call
 * keeps its caller.
 */
import { useEffect, useRef } from 'preact/hooks';
import { CONSOLE_ROUTES, type DueCallback } from '../../api.ts';
import type { ConsoleApi } from './api.ts';

const RENEW_WITHIN_MS = 3 * 60_000;
const CHECK_EVERY_MS = 30_000;

export function useClaimRenewal(api: ConsoleApi, callbacks: DueCallback[], agentId: string): void {
  const latest = useRef(callbacks);
  latest.current = callbacks;
  useEffect(() => {
    const timer = setInterval(() => {
      for (const callback of latest.current) {
        const claim = callback.claim;
        if (claim?.agentId === agentId && Date.parse(claim.until) - Date.now() < RENEW_WITHIN_MS) void api.post(CONSOLE_ROUTES.claim(callback.site, callback.seq));
      }
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [agentId]);
}
