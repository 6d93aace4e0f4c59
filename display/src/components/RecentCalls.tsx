/** The calls before the newest one, so someone who looked away can still find their ticket. */
import type { PublicCall } from '../../../hub/contract/views.ts';
import { counterNameOf, Say } from './InLanguages.tsx';

export function RecentCalls({ calls, languages }: { calls: readonly PublicCall[]; languages: readonly string[] }) {
  const primary = languages[0] ?? 'en';
  return (
    <section class="recent" aria-labelledby="recent-title">
      <h2 id="recent-title" class="panel-title">
        <Say languages={languages} message={(m) => m.recentCalls} />
      </h2>
      <ol class="recent-list">
        {calls.map((call) => (
          <li key={`${call.counterId}|${call.ticket}`} class="recent-call">
            <span class="recent-ticket">{call.ticket}</span>
            <span class="recent-counter">{counterNameOf(call, primary)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
