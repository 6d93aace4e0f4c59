import type { Messages } from '../i18n/index.ts';
import { useTypedPhone } from '../hooks.ts';
import { PhoneEntry } from './PhoneEntry.tsx';

interface Props {
  t: Messages;
  ticket: string;
  busy: boolean;
  onCallBack: (phone: string) => void;
  onBack: () => void;
}

/** "Call me back instead": someone with a ticket who leaves types the mobile number to be phoned at when it is their turn. */
export function CallBackScreen({ t, ticket, busy, onCallBack, onBack }: Props) {
  const phone = useTypedPhone();
  return (
    <>
      <div class="info">
        <h1>{t.callBackTitle}</h1>
        <p class="lead" id="call-back-details">
          {t.callBackDetails(ticket)}
        </p>
      </div>
      <div class="controls">
        <PhoneEntry t={t} typed={phone.typed} onEdit={phone.edit} problem={phone.invalid ? t.phoneInvalid : ''} describedBy="call-back-details" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || phone.empty} onClick={() => phone.submit(onCallBack)}>
            {t.callBackConfirm}
          </button>
        </div>
        <button type="button" class="secondary" disabled={busy} onClick={onBack}>
          {t.back}
        </button>
      </div>
    </>
  );
}
