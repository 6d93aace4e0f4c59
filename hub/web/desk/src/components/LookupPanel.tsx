/**
 * Find a person by ticket or phone number: / jumps here, Enter looks, Esc
 * clears. The answer is their visits of the day, still going first; it is
 * asked again whenever the line changes, so it never shows a stale state.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DeskEntry, DeskLookup, DeskSite } from '../../../../contract/desk.ts';
import type { DeskApi } from '../api.ts';
import { messages } from '../messages.ts';
import { VisitCard } from './VisitCard.tsx';

export const LOOKUP_INPUT_ID = 'lookup-query';

interface Props {
  api: DeskApi;
  site: DeskSite;
  /** The line's sequence number: a change to it refreshes the answer. */
  seq: number;
  now: number;
  onChangeChannel: (entry: DeskEntry) => void;
  onAddNote: (entry: DeskEntry) => void;
}

type Answer = { query: string; visits: DeskEntry[] } | { query: string; error: string };

export function LookupPanel({ api, site, seq, now, onChangeChannel, onAddNote }: Props) {
  const m = messages.lookup;
  const [typed, setTyped] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);

  async function look(query: string, background = false) {
    const result = await api.get<DeskLookup>(`/lookup?q=${encodeURIComponent(query)}`, { background });
    setAnswer(result.ok ? { query, visits: result.value.visits } : { query, error: result.error.message });
  }

  useEffect(() => {
    if (answer && 'visits' in answer) void look(answer.query, true);
  }, [seq]);

  const clear = () => {
    setTyped('');
    setAnswer(null);
  };

  return (
    <section class="panel lookup" aria-labelledby="lookup-title">
      <h2 id="lookup-title">{m.title}</h2>
      <form
        role="search"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!typed.trim() || busy) return;
          setBusy(true);
          await look(typed.trim());
          setBusy(false);
        }}
      >
        <label for={LOOKUP_INPUT_ID}>{m.label}</label>
        <div class="lookup-row">
          <input
            id={LOOKUP_INPUT_ID}
            type="search"
            autocomplete="off"
            value={typed}
            aria-keyshortcuts="/"
            aria-describedby="lookup-hint"
            onInput={(event) => setTyped(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.preventDefault();
              clear();
            }}
          />
          <button type="submit" disabled={busy}>
            {m.submit}
          </button>
        </div>
        <p id="lookup-hint" class="hint">
          {m.hint}
        </p>
      </form>
      <div class="lookup-answer" aria-live="polite">
        {busy && <p class="hint">{m.searching}</p>}
        {answer && 'error' in answer && (
          <p class="lookup-error" role="alert">
            {answer.error}
          </p>
        )}
        {answer && 'visits' in answer && (
          <>
            <p class="lookup-count">{answer.visits.length === 0 ? m.nobody : m.found(answer.visits.length)}</p>
            {answer.visits.map((entry) => (
              <VisitCard key={entry.entryId} entry={entry} site={site} now={now} onChangeChannel={() => onChangeChannel(entry)} onAddNote={() => onAddNote(entry)} />
            ))}
          </>
        )}
      </div>
    </section>
  );
}
