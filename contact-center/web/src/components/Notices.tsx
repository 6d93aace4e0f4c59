/** What just happened, in words: successes politely (role=status), refusals and lost races at once (role=alert). */
import { messages } from '../messages.ts';

export interface Notice {
  id: number;
  text: string;
}

export function Notices({ ok, error, onDismiss }: { ok: Notice | null; error: Notice | null; onDismiss: () => void }) {
  return (
    <div class="notices">
      <div class="notice-ok" role="status">
        {ok && <p key={ok.id}>{ok.text}</p>}
      </div>
      <div class="notice-error" role="alert">
        {error && (
          <p key={error.id}>
            <span class="notice-text">{error.text}</span>
            <button type="button" class="dismiss" onClick={onDismiss}>
              {messages.results.dismiss}
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
