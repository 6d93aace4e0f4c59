/** A short note on a visit ("hard of hearing", "brings the form tomorrow"): staff and the contact center see it, nobody else. */
import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH, type EntryView } from '../../../../contract/index.ts';
import { messages } from '../messages.ts';
import { Dialog } from './Dialog.tsx';
import { FormButtons } from './FormButtons.tsx';

interface Props {
  entry: EntryView;
  /** Answers with the hub's refusal in words, shown in the dialog (the notices sit behind it); null once done. */
  onAdd: (text: string) => Promise<string | null>;
  onClose: () => void;
}

export function NoteDialog({ entry, onAdd, onClose }: Props) {
  const m = messages.note;
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <Dialog title={m.title(entry.ticket ?? '')} onClose={onClose}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (text.trim()) setRefusal(await onAdd(text.trim()));
        }}
      >
        <div class="dialog-field">
          <label for="note-text">{m.text}</label>
          <textarea id="note-text" rows={4} maxLength={MAX_NOTE_LENGTH} required value={text} onInput={(event) => setText(event.currentTarget.value)} aria-describedby="note-left" />
          <p id="note-left" class="hint">
            {m.left(MAX_NOTE_LENGTH - text.length)}
          </p>
        </div>
        <FormButtons closeLabel={m.close} submitLabel={m.submit} onClose={onClose} refusal={refusal} />
      </form>
    </Dialog>
  );
}
