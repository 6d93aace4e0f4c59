/** What the desk shows about one person in line: ticket, channel, waiting time, priority, language, whether they are here, how they joined, history, phone, reason and notes. */
import type { DeskEntry } from '../../../../contract/desk.ts';
import { since, useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';
import { ChannelBadge, PhoneOnFile } from './ChannelBadge.tsx';

/** `waited` is left out for the person at the counter: what counts there is how long ago they were called. */
export function EntryFacts({ entry, now, waited = true }: { entry: DeskEntry; now: number; waited?: boolean }) {
  const m = messages.line;
  const earlier = entry.channelHistory.slice(0, -1);
  const { clockTime } = useDeskClock();
  return (
    <>
      <span class="ticket">{entry.ticket}</span>
      <ChannelBadge channel={entry.channel} />
      {waited && <span class="waited">{m.waited(since(entry.waitingSince, now))}</span>}
      <span class="tags">
        {entry.priority > 0 && <span class="tag tag-priority">{m.priority(entry.priority)}</span>}
        <span class="tag tag-language" title={messages.languageName(entry.language)}>
          {entry.language.toUpperCase()}
        </span>
        {entry.appointmentAt && <span class="tag">{m.appointment(clockTime(entry.appointmentAt))}</span>}
        {entry.arrivedAt ? (
          <span class="tag tag-here">{m.here(clockTime(entry.arrivedAt))}</span>
        ) : (
          entry.onMyWayAt && <span class="tag tag-on-the-way">{m.onTheWay(clockTime(entry.onMyWayAt))}</span>
        )}
        {entry.voicemail && <VoicemailDue returnBy={entry.voicemail.returnBy} now={now} />}
        {entry.via === 'text' && <span class="tag">{m.joinedByText}</span>}
        {entry.via === 'phone-menu' && <span class="tag">{m.joinedByPhoneMenu}</span>}
        {entry.moreTimeCount > 0 && <span class="tag">{m.moreTime(entry.moreTimeCount)}</span>}
        {entry.hasPhone && <PhoneOnFile />}
        {earlier.length > 0 && <span class="history">{m.history(earlier.map((c) => messages.channels[c]).join(' → '))}</span>}
        {entry.reason && <span class="tag tag-reason">{m.reason(entry.reason)}</span>}
        {entry.notes.length > 0 && (
          <span class="entry-notes" role="list" aria-label={m.notes(entry.notes.length)}>
            {entry.notes.map((note) => (
              <span role="listitem" key={note.at}>
                <span class="note-time">{clockTime(note.at)}</span> {note.text}
              </span>
            ))}
          </span>
        )}
      </span>
    </>
  );
}

/** A voicemail stays flagged with its due time until someone reaches the caller; past it, it says so. */
function VoicemailDue({ returnBy, now }: { returnBy: string; now: number }) {
  const { clockTime } = useDeskClock();
  const overdue = now > Date.parse(returnBy);
  const words = overdue ? messages.line.voicemailOverdue : messages.line.voicemail;
  return <span class={`tag tag-voicemail${overdue ? ' tag-overdue' : ''}`}>{words(clockTime(returnBy))}</span>;
}
