/** What can be done with the person selected in the line: call them now, move them, transfer them, mark them here, change how they wait, note something, reprint their ticket, take them out. */
import type { DeskEntry } from '../../../../contract/desk.ts';
import { messages } from '../messages.ts';
import { Kbd } from './Kbd.tsx';

interface Props {
  entry: DeskEntry | null;
  place: number | null;
  lineLength: number;
  onCall: () => void;
  onMove: (toPosition: number) => void;
  onTransfer: () => void;
  onReprint: () => void;
  /** Offered for someone waiting away (remote or by phone) who has not said they are here yet. */
  onHere: () => void;
  onCancel: () => void;
  onChangeChannel: () => void;
  onAddNote: () => void;
}

export function SelectedBar({ entry, place, lineLength, onCall, onMove, onTransfer, onReprint, onHere, onCancel, onChangeChannel, onAddNote }: Props) {
  const a = messages.actions;
  const m = messages.selected;
  return (
    <section class="selected-bar" aria-label={m.label}>
      {entry && place ? (
        <>
          <p class="selected-summary">
            <span class="visually-hidden">{m.label}: </span>
            {m.summary(entry.ticket ?? '', place)}
          </p>
          <div class="button-row">
            <button type="button" class="primary" onClick={onCall} aria-keyshortcuts="C">
              {a.callThis} <Kbd keys="C" />
            </button>
            <button type="button" onClick={() => onMove(place - 1)} disabled={place <= 1} aria-keyshortcuts="Alt+ArrowUp">
              {a.up}
            </button>
            <button type="button" onClick={() => onMove(place + 1)} disabled={place >= lineLength} aria-keyshortcuts="Alt+ArrowDown">
              {a.down}
            </button>
            <button type="button" onClick={() => onMove(1)} disabled={place <= 1} aria-keyshortcuts="Alt+Shift+ArrowUp">
              {a.top}
            </button>
            <button type="button" onClick={onTransfer} aria-keyshortcuts="T">
              {a.transfer} <Kbd keys="T" />
            </button>
            {(entry.channel === 'remote' || entry.channel === 'phone') && !entry.arrivedAt && (
              <button type="button" onClick={onHere} aria-keyshortcuts="H">
                {a.here} <Kbd keys="H" />
              </button>
            )}
            <button type="button" onClick={onChangeChannel}>
              {a.changeChannel}
            </button>
            <button type="button" onClick={onAddNote}>
              {a.addNote}
            </button>
            <button type="button" onClick={onReprint}>
              {a.reprint}
            </button>
            <button type="button" class="danger-quiet" onClick={onCancel}>
              {a.cancel}
            </button>
          </div>
        </>
      ) : (
        <p class="hint">{m.none}</p>
      )}
    </section>
  );
}
