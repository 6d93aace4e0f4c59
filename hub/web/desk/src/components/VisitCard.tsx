/** One visit found by the look-up: what became of it and when, its channels, reason, notes, callbacks and voicemail. */
import type { DeskEntry, DeskSite } from '../../../../contract/desk.ts';
import { useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';
import { counterName, serviceName } from '../names.ts';
import { EntryFacts } from './EntryFacts.tsx';

/** Visits that can still go on another way (change-channel's own rule). */
const CAN_CHANGE_CHANNEL = new Set(['booked', 'waiting', 'called']);

interface Props {
  entry: DeskEntry;
  site: DeskSite;
  now: number;
  onChangeChannel: () => void;
  onAddNote: () => void;
}

export function VisitCard({ entry, site, now, onChangeChannel, onAddNote }: Props) {
  const m = messages.lookup;
  const { clockTime } = useDeskClock();
  const titleId = `visit-${entry.entryId}`;
  const when = entry.finishedAt ?? entry.servingAt ?? entry.calledAt;
  const what = [
    entry.status !== 'waiting' && when ? `${m.status[entry.status]} ${m.at(clockTime(when))}` : m.status[entry.status],
    entry.position !== null && m.place(entry.position),
    entry.counterId && counterName(site, entry.counterId),
  ].filter(Boolean);
  const callback = entry.callback;
  return (
    <article class={`visit visit-${entry.status}`} aria-labelledby={titleId} data-entry-id={entry.entryId}>
      <div class="visit-facts">
        <EntryFacts entry={entry} now={now} waited={false} />
      </div>
      <p class="visit-what" id={titleId}>
        <span class="visually-hidden">{entry.ticket} · </span>
        {what.join(' · ')}
      </p>
      <p class="visit-service">
        {serviceName(site, entry.serviceId)} · {m.joined(clockTime(entry.enrolledAt))}
      </p>
      {(entry.voicemail || (callback && (callback.notBefore || callback.notAfter || callback.attempts.length > 0))) && (
        <ul class="visit-callbacks">
          {entry.voicemail && <li>{m.voicemailLeft(clockTime(entry.voicemail.leftAt))}</li>}
          {callback && (callback.notBefore || callback.notAfter) && (
            <li>{m.callbackWindow(callback.notBefore && clockTime(callback.notBefore), callback.notAfter && clockTime(callback.notAfter))}</li>
          )}
          {callback?.attempts.map((a) => (
            <li key={a.attempt}>{m.callback(a.attempt, clockTime(a.requestedAt), a.outcome, a.outcomeAt && clockTime(a.outcomeAt))}</li>
          ))}
        </ul>
      )}
      <div class="button-row">
        {CAN_CHANGE_CHANNEL.has(entry.status) && (
          <button type="button" onClick={onChangeChannel}>
            {messages.actions.changeChannel}
          </button>
        )}
        <button type="button" onClick={onAddNote}>
          {messages.actions.addNote}
        </button>
      </div>
    </article>
  );
}
