/**
 * What just happened, in words: successes politely (role=status), refusals
 * and failures at once (role=alert), e.g. when another desk was quicker.
 */
import { messages } from '../messages.ts';
import { Kbd } from './Kbd.tsx';

export interface Notice {
  id: number;
  text: string;
  /** Takes back what the notice reports (a no-show, done or cancel), while the site allows. */
  undo?: () => void;
}

/** `undoKey`: whether U undoes here (the line screen's shortcut), so the notice shows the key. */
export function Notices({ ok, error, undoKey, onDismiss }: { ok: Notice | null; error: Notice | null; undoKey: boolean; onDismiss: () => void }) {
  return (
    <div class="notices">
      <div class="notice-ok" role="status">
        {ok && (
          <p key={ok.id}>
            <span class="notice-text">{ok.text}</span>
            {ok.undo && (
              <button type="button" class="undo" onClick={ok.undo} aria-keyshortcuts={undoKey ? 'U' : undefined}>
                {messages.actions.undo} {undoKey && <Kbd keys="U" />}
              </button>
            )}
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
