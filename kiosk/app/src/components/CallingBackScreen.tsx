import type { Messages } from '../i18n/index.ts';
import { maskedPhone } from '../phone.ts';

interface Props {
  t: Messages;
  ticket: string;
  /** The number they gave, E.164: only its last digits are shown, the screen faces the lobby. */
  phone: string;
  onDone: () => void;
}

/** The visit now goes on by phone: when they will be called, and that their number stays theirs. */
export function CallingBackScreen({ t, ticket, phone, onDone }: Props) {
  return (
    <>
      <div class="info">
        <h1>{t.callingBackTitle}</h1>
        <p class="lead" role="status">
          {t.callingBack(maskedPhone(phone), ticket)}
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
