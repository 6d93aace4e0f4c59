/**
 * Shown instead of calls when the address does not say what to show. The site
 * is never guessed: a wrong guess would show another site's line. When this
 * hub can say which site it serves, the message offers the exact address.
 */
import { useEffect, useState } from 'preact/hooks';
import { messagesFor, pickLanguages } from '../i18n/index.ts';
import type { SetupProblem } from '../settings.ts';

export function SetupNeeded({ problem }: { problem: SetupProblem }) {
  const m = messagesFor(pickLanguages(navigator.languages)[0]!);
  const hubSiteId = useHubSiteId();
  const example = new URL(location.href);
  example.search = '';
  example.searchParams.set('site', hubSiteId ?? m.setup.siteIdPlaceholder);
  if (problem.kind === 'counter-missing') {
    example.searchParams.set('mode', 'counter');
    example.searchParams.set('counter', 'c1');
  }
  const reason =
    problem.kind === 'site-missing' ? m.setup.siteMissing : problem.kind === 'counter-missing' ? m.setup.counterMissing : m.setup.badParameter(problem.name);
  return (
    <main class="screen setup">
      <h1>{m.setup.title}</h1>
      <p>{reason}</p>
      <p>{hubSiteId ? m.setup.thisHub(hubSiteId) : m.setup.example}</p>
      <p class="setup-address">{example.toString()}</p>
    </main>
  );
}

/** The site this hub serves, from its public health check; null when it cannot be read. */
function useHubSiteId(): string | null {
  const [siteId, setSiteId] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch('/healthz', { signal: abort.signal })
      .then((response) => (response.ok ? (response.json() as Promise<{ siteId?: unknown }>) : null))
      .then((health) => setSiteId(typeof health?.siteId === 'string' ? health.siteId : null))
      .catch(() => {});
    return () => abort.abort();
  }, []);
  return siteId;
}
