/** The newest call, very large: "L-042 → Counter 3", with a brief highlight whenever it changes or is recalled. */
import type { PublicCall } from '../../../hub/contract/views.ts';
import { messagesFor } from '../i18n/index.ts';
import { counterNameOf, Say } from './InLanguages.tsx';

export interface LatestCallProps {
  call: PublicCall | undefined;
  /** False until the now-serving list has arrived. */
  known: boolean;
  languages: readonly string[];
}

export function LatestCall({ call, known, languages }: LatestCallProps) {
  const primary = languages[0] ?? 'en';
  return (
    <section class="latest" aria-labelledby="latest-title">
      <h2 id="latest-title" class="panel-title">
        <Say languages={languages} message={(m) => m.nowServing} />
      </h2>
      {call ? (
        // A new key restarts the highlight animation: a new call, or the same one recalled.
        <div key={`${call.counterId}|${call.ticket}|${call.recalls}|${call.calledAt}`} class="latest-call highlight">
          <span class="latest-ticket" style={`--chars: ${call.ticket.length}`}>
            {call.ticket}
          </span>
          <span class="latest-where">
            <span class="arrow" aria-hidden="true">
              →
            </span>
            <span class="visually-hidden">{` ${messagesFor(primary).goTo} `}</span>
            <span class="latest-counter">{counterNameOf(call, primary)}</span>
          </span>
        </div>
      ) : (
        <p class="no-calls">
          <Say languages={languages} message={(m) => (known ? m.noCallsYet : m.connecting)} />
        </p>
      )}
    </section>
  );
}
