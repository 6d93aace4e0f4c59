/** What just happened, in words: successes and news politely (role=status), refusals at once (role=alert). */
import { messages } from '../messages.ts';

export interface Notice {
  id: number;
  text: string;
  /** 'info': worth knowing, nothing went wrong (another agent was quicker). */
  tone?: 'info';
}

/** 'ok': it worked; 'info': news, nothing wrong; 'error': refused or failed. */
export type Notify = (kind: 'ok' | 'info' | 'error', text: string) => void;

export function Notices({ ok, error, onDismiss }: { ok: Notice | null; error: Notice | null; onDismiss: () => void }) {
  return (
    <div class="notices">
      <div class="notice-ok" role="status">
        {ok && (
          <p key={ok.id} class={ok.tone}>
            {ok.text}
          </p>
        )}
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
