/**
 * Shown instead of calls when the address does not say what to show, or names
 * a site this hub does not serve. The site is never guessed: a wrong guess
 * would show another site's line. When this hub can say which site it serves,
 * the message offers the exact address.
 */
import { messagesFor, pickLanguages, type Messages } from '../i18n/index.ts';
import type { SetupProblem } from '../settings.ts';

export function SetupNeeded({ problem, hubSiteId }: { problem: SetupProblem; hubSiteId: string | null }) {
  const m = messagesFor(pickLanguages(navigator.languages)[0]!);
  const example = new URL(location.href);
  if (problem.kind === 'wrong-site') {
    // The rest of the address was chosen for this screen; credentials were kept for the other site, and a key is never shown.
    for (const name of ['device', 'key']) example.searchParams.delete(name);
  } else {
    example.search = '';
  }
  example.searchParams.set('site', hubSiteId ?? m.setup.siteIdPlaceholder);
  if (problem.kind === 'counter-missing') {
    example.searchParams.set('mode', 'counter');
    example.searchParams.set('counter', 'c1');
  }
  return (
    <main class="screen setup">
      <h1>{problem.kind === 'wrong-site' ? m.setup.wrongSiteTitle : m.setup.title}</h1>
      <p>{reasonFor(problem, hubSiteId, m.setup)}</p>
      <p>{problem.kind === 'wrong-site' ? m.setup.openInstead : hubSiteId ? m.setup.thisHub(hubSiteId) : m.setup.example}</p>
      {/* Commas read better than %2C, and a browser takes them as they are. */}
      <p class="setup-address">{example.toString().replaceAll('%2C', ',')}</p>
    </main>
  );
}

function reasonFor(problem: SetupProblem, hubSiteId: string | null, setup: Messages['setup']): string {
  switch (problem.kind) {
    case 'site-missing':
      return setup.siteMissing;
    case 'counter-missing':
      return setup.counterMissing;
    case 'bad-parameter':
      return setup.badParameter(problem.name);
    case 'wrong-site':
      return setup.wrongSite(problem.siteId, hubSiteId ?? '');
  }
}
