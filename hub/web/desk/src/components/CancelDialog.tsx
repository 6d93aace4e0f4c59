/** Taking someone out of the line cannot be undone from the desk, so it is asked once more. */
import type { DeskEntry } from '../../../../contract/desk.ts';
import { messages } from '../messages.ts';
import { Dialog } from './Dialog.tsx';

export function CancelDialog({ entry, onConfirm, onClose }: { entry: DeskEntry; onConfirm: () => void; onClose: () => void }) {
  const m = messages.cancel;
  return (
    <Dialog title={m.title(entry.ticket ?? '')} onClose={onClose}>
      <p>{m.body}</p>
      <div class="button-row dialog-buttons">
        <button type="button" class="primary" onClick={onClose}>
          {m.keep}
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {m.confirm}
        </button>
      </div>
    </Dialog>
  );
}
