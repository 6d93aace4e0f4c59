/**
 * One service's line, in call order. A tap or click selects a person; the
 * handle drags them to another place (pointer events: mouse and touch).
 */
import type { DeskServiceLine } from '../../../../contract/desk.ts';
import { useDragReorder } from '../drag.ts';
import { clockTime } from '../../../../../web-lib/clock-time.ts';
import { deskLanguage, messages } from '../messages.ts';
import { EntryFacts } from './EntryFacts.tsx';

interface Props {
  name: string;
  line: DeskServiceLine;
  selectedId: string | null;
  now: number;
  onSelect: (entryId: string) => void;
  onMove: (entryId: string, toPosition: number) => void;
}

export function ServiceLine({ name, line, selectedId, now, onSelect, onMove }: Props) {
  const m = messages.line;
  const { drag, handleProps, shiftOf } = useDragReorder((entryId, toIndex) => onMove(entryId, toIndex + 1));
  const headingId = `line-${line.serviceId}`;
  return (
    <section class="service-line" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {name}
        <span class="line-summary">
          {m.waitingCount(line.waiting.length)}
          {line.estimate && ` · ${m.newcomerWait(line.estimate.lowMinutes, line.estimate.highMinutes)}`}
          {line.noCounterOpen && ` · ${m.noCounterOpen(line.noCounterOpen.usuallyOpensAt && clockTime(line.noCounterOpen.usuallyOpensAt, deskLanguage))}`}
        </span>
      </h2>
      {line.waiting.length === 0 ? (
        <p class="empty">{m.empty}</p>
      ) : (
        <ol class={`line${drag ? ' dragging' : ''}`} aria-labelledby={headingId}>
          {line.waiting.map((entry, index) => {
            const selected = entry.entryId === selectedId;
            const shift = shiftOf(index);
            const dragged = drag?.entryId === entry.entryId;
            return (
              <li
                key={entry.entryId}
                class={`row${selected ? ' selected' : ''}${dragged ? ' lifted' : ''}`}
                style={shift ? { transform: `translateY(${shift}px)` } : undefined}
                data-entry-id={entry.entryId}
                data-ticket={entry.ticket ?? ''}
              >
                <span class="grip" aria-hidden="true" title={m.dragHint} {...handleProps(entry.entryId, index)}>
                  <svg viewBox="0 0 20 20" width="18" height="18" focusable="false">
                    <path d="M7 4h2v2H7zm4 0h2v2h-2zM7 9h2v2H7zm4 0h2v2h-2zm-4 5h2v2H7zm4 0h2v2h-2z" fill="currentColor" />
                  </svg>
                </span>
                <button type="button" class="entry" aria-pressed={selected} onClick={() => onSelect(entry.entryId)}>
                  <span class="place">
                    <span class="visually-hidden">{m.place} </span>
                    {index + 1}
                  </span>
                  <EntryFacts entry={entry} now={now} />
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
