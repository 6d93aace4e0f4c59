import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaitAction, WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { describeRefusal } from '../../../../../web-lib/refusals/index.ts';
import type { ActionResult } from '../../../../../web-lib/wait-live-channel.ts';

interface Props {
  entry: WaiterView;
  language: string;
  messages: Messages;
  act: (action: WaitAction) => Promise<ActionResult>;
}

/** What the person can do about their place: I'm here, on my way, more time (while waiting), leave after a second tap. */
export function WaitActions({ entry, language, messages, act }: Props) {
  const [busy, setBusy] = useState<WaitAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmingLeave, setConfirmingLeave] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const leaveButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the confirm step in and back out, so a keyboard or screen reader user is not left behind.
  useEffect(() => {
    if (confirmingLeave) confirmButton.current?.focus();
    else if (wasConfirming.current) leaveButton.current?.focus();
    wasConfirming.current = confirmingLeave;
  }, [confirmingLeave]);

  const run = async (action: WaitAction) => {
    if (busy) return;
    setBusy(action);
    setProblem(null);
    const result = await act(action);
    setBusy(null);
    if (!result.ok) setProblem(result.error ? messages.actionFailed(describeRefusal(result.error, language)) : messages.notConnected);
  };

  const { places, left } = entry.moreTime;
  return (
    <section class="actions">
      {entry.here === 'said' && (
        <p class="noted" role="status">
          {messages.hereNoted}
        </p>
      )}
      {entry.here === 'ask' && (
        <button type="button" class="primary" disabled={busy !== null} onClick={() => run('arrived')}>
          {messages.here}
        </button>
      )}
      {entry.here === 'said' ? null : entry.onMyWay ? (
        <p class="noted" role="status">
          {messages.onMyWayNoted}
        </p>
      ) : (
        <button type="button" class="primary" disabled={busy !== null} onClick={() => run('on-my-way')}>
          {messages.onMyWay}
        </button>
      )}
      {entry.status === 'waiting' && (
        <div class="more-time">
          {/* Offered only when it can work; otherwise the reason stands in its place. */}
          {left > 0 && places > 0 && (
            <button type="button" class="secondary" disabled={busy !== null} aria-describedby="more-time-details" onClick={() => run('more-time')}>
              {messages.moreTime}
            </button>
          )}
          <p id="more-time-details" class="hint">
            {left === 0 ? messages.noMoreTime : places === 0 ? messages.moreTimeLast : messages.moreTimeDetails(places, left)}
          </p>
        </div>
      )}
      <div role="alert" class="problem" hidden={!problem}>
        {problem}
      </div>
      {confirmingLeave ? (
        <div class="confirm-leave" role="group" aria-labelledby="leave-question">
          <p id="leave-question">{messages.leaveQuestion}</p>
          <button type="button" class="danger" ref={confirmButton} disabled={busy !== null} onClick={() => void run('leave')}>
            {messages.leaveConfirm}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirmingLeave(false)}>
            {messages.stay}
          </button>
        </div>
      ) : (
        <button type="button" class="quiet" ref={leaveButton} onClick={() => setConfirmingLeave(true)}>
          {messages.leave}
        </button>
      )}
    </section>
  );
}
