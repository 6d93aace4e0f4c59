import type { WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { nameIn } from '../names.ts';
import { noCounterWords } from '../wait-words.ts';

/** The place and the wait, read out by screen readers whenever they change. */
export function PlaceInLine({ entry, language, messages }: { entry: WaiterView; language: string; messages: Messages }) {
  const closed = noCounterWords(messages, language, nameIn(entry.serviceName, language), entry);
  return (
    <div class="place-in-line" aria-live="polite" aria-atomic="true">
      {entry.position !== null && (
        <p class="place" data-testid="place">
          {messages.place(entry.position)}
        </p>
      )}
      <p class="estimate" data-testid="estimate">
        {closed ?? `${messages.estimatedWait}: ${entry.estimate ? messages.wait(entry.estimate.lowMinutes, entry.estimate.highMinutes) : messages.noEstimate}`}
      </p>
    </div>
  );
}
