/**
 * Look-up by phone across all sites: each site's visits of that number today,
 * so an agent sees what already happened before asking. A site that could
 * not answer says so rather than looking like "no visits".
 */
import { useState } from 'preact/hooks';
import type { CallerEntry } from '../../../../hub/contract/index.ts';
import { CONSOLE_ROUTES, type LookupResult, type SiteLine } from '../../../api.ts';
import type { ConsoleApi } from '../api.ts';
import { siteName, typedPhone } from '../format.ts';
import { messages } from '../messages.ts';
import type { Notify } from './Notices.tsx';
import { Kbd } from './Kbd.tsx';
import { VisitCard } from './VisitCard.tsx';

export const LOOKUP_PHONE_ID = 'lookup-phone';

interface Props {
  api: ConsoleApi;
  sites: SiteLine[];
  notify: Notify;
}

export function LookupScreen({ api, sites, notify }: Props) {
  const m = messages.lookup;
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ phone: string; results: LookupResult[] } | null>(null);

  const look = async (phone: string) => {
    setBusy(true);
    const result = await api.get<LookupResult[]>(`${CONSOLE_ROUTES.lookup}?phone=${encodeURIComponent(phone)}`);
    setBusy(false);
    if (!result.ok) return setProblem(result.error.message);
    setAnswer({ phone, results: result.value });
  };
  const replace = (site: string, changed: CallerEntry) =>
    setAnswer((a) => a && { ...a, results: a.results.map((r) => (r.site === site && 'entries' in r ? { ...r, entries: r.entries.map((e) => (e.entryId === changed.entryId ? changed : e)) } : r)) });

  const visits = answer?.results.flatMap((r) => ('entries' in r ? r.entries.map((entry) => ({ site: r.site, entry })) : [])) ?? [];
  const failed = answer?.results.filter((r) => 'error' in r) ?? [];

  return (
    <section class="screen" aria-labelledby="lookup-title">
      <div class="screen-head">
        <h1 id="lookup-title">{m.title}</h1>
      </div>
      <form
        class="lookup-form"
        onSubmit={(event) => {
          event.preventDefault();
          const phone = typedPhone(typed);
          setProblem(phone ? null : m.invalid);
          if (phone) void look(phone);
        }}
      >
        <label for={LOOKUP_PHONE_ID}>
          {m.phone} <Kbd keys="/" />
        </label>
        <div class="field-row">
          <input
            id={LOOKUP_PHONE_ID}
            type="tel"
            autoComplete="off"
            aria-describedby="lookup-hint"
            aria-keyshortcuts="/"
            aria-invalid={problem ? true : undefined}
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Esc starts over: the field empty, the answer gone, the keys back to the screens.
              if (event.key !== 'Escape') return;
              setTyped('');
              setAnswer(null);
              setProblem(null);
              event.currentTarget.blur();
            }}
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? m.busy : m.submit}
          </button>
        </div>
        <p id="lookup-hint" class="hint">
          {m.hint}
        </p>
        <p class="field-problem" role="alert">
          {problem}
        </p>
      </form>
      <div class="lookup-answer" aria-live="polite">
        {answer && <p class="count">{visits.length === 0 ? m.nobody : m.found(visits.length)}</p>}
        {failed.map((r) => 'error' in r && (
          <p key={r.site} class="site-failed">
            {m.siteFailed(siteName(sites.find((s) => s.site === r.site), r.site), r.error.message)}
          </p>
        ))}
        {visits.length > 0 && (
          <ul class="visits">
            {visits.map(({ site, entry }) => (
              <VisitCard key={site + entry.entryId} api={api} site={site} entry={entry} sites={sites} phone={answer!.phone} notify={notify} onChanged={(e) => replace(site, e)} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
