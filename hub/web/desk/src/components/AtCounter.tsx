/** Whoever is at this counter now, what can be done with them, and the big "Call next". */
import type { DeskCounter } from '../../../../contract/desk.ts';
import { since, useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';
import type { DeskActions } from '../actions.ts';
import { EntryFacts } from './EntryFacts.tsx';
import { Kbd } from './Kbd.tsx';

interface Props {
  counter: DeskCounter;
  /** The counter's name in the desk's language. */
  name: string;
  now: number;
  actions: DeskActions;
  onTransfer: () => void;
}

export function AtCounter({ counter, name, now, actions, onTransfer }: Props) {
  const m = messages.atCounter;
  const a = messages.actions;
  const current = counter.current;
  const callback = current?.status === 'called' ? openAttemptOf(current) : null;
  const { clockTime } = useDeskClock();
  // Only an open counter calls people: a closed or paused one says how to get there instead.
  const open = counter.status === 'open';
  return (
    <section class="at-counter" aria-labelledby="at-counter-title">
      <div class="at-counter-main">
        <h1 id="at-counter-title">{m.title(name)}</h1>
        {current ? (
          <div class="current" data-status={current.status}>
            <div class="current-facts">
              <EntryFacts entry={current} now={now} waited={false} />
            </div>
            <p class="current-status">
              {current.status === 'serving'
                ? m.serving(since(current.servingAt ?? current.calledAt!, now))
                : current.channel === 'phone'
                  ? m.withContactCenter(since(current.calledAt!, now))
                  : m.called(since(current.calledAt!, now))}
              {current.graceEndsAt &&
                (Date.parse(current.graceEndsAt) <= now ? (
                  <span class="grace grace-over"> {m.graceOver}</span>
                ) : (
                  <span class="grace"> {m.graceUntil(clockTime(current.graceEndsAt))}</span>
                ))}
              {callback && <span class="callback-deadline"> {m.callbackAnswerBy(callback.attempt, clockTime(callback.answerBy))}</span>}
            </p>
            <div class="button-row">
              {current.status === 'called' && (
                <>
                  <button type="button" onClick={() => actions.recall(current)} aria-keyshortcuts="R">
                    {a.recall} <Kbd keys="R" />
                  </button>
                  <button type="button" class="positive" onClick={() => actions.start(current)} aria-keyshortcuts="S">
                    {a.start} <Kbd keys="S" />
                  </button>
                  <button type="button" onClick={() => actions.noShow(current)} aria-keyshortcuts="X">
                    {a.noShow} <Kbd keys="X" />
                  </button>
                  <button type="button" onClick={() => actions.requeue(current)} aria-keyshortcuts="Q">
                    {a.requeue} <Kbd keys="Q" />
                  </button>
                </>
              )}
              {current.status === 'serving' && (
                <button type="button" class="positive" onClick={() => actions.complete(current)} aria-keyshortcuts="D">
                  {a.done} <Kbd keys="D" />
                </button>
              )}
              <button type="button" onClick={onTransfer}>
                {a.transfer}
              </button>
            </div>
          </div>
        ) : (
          <p class="nobody">{counter.status === 'open' ? m.nobody : m.notOpen(messages.counter.status[counter.status])}</p>
        )}
      </div>
      <div class="call-next-area">
        <button
          type="button"
          class="call-next primary"
          onClick={() => actions.callNext(counter)}
          disabled={!open || actions.busy('call-next')}
          aria-keyshortcuts="N"
          aria-describedby={open ? undefined : 'call-next-why'}
        >
          {a.callNext} <Kbd keys="N" />
        </button>
        {!open && (
          <p id="call-next-why" class="call-next-why">
            {m.openToCall(name)}
          </p>
        )}
      </div>
    </section>
  );
}

/** The callback attempt the contact center is making now, if any. */
function openAttemptOf(entry: NonNullable<DeskCounter['current']>) {
  const last = entry.callback?.attempts.at(-1);
  return last && last.outcome === null ? last : null;
}
