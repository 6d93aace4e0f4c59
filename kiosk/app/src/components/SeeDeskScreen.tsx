import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  /** Why the scan could not be acted on, in the person's language. */
  reason: string;
  onDone: () => void;
}

/** A scanned appointment letter or ticket that the kiosk cannot act on. */
export function SeeDeskScreen({ t, reason, onDone }: Props) {
  return (
    <>
      <div class="info">
        <h1>{t.seeDesk}</h1>
        <p class="lead" role="alert">
          {reason}
        </p>
      </div>
      <div class="controls">
        <button type="button" class="primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </>
  );
}
