import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/index.ts';
import { normalisePhone } from '../phone.ts';
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
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const edit = (next: string) => {
    setTyped(next);
    setInvalid(false);
  };
  const callBack = () => {
    const phone = normalisePhone(typed);
    if (!phone.ok) setInvalid(true);
    else onCallBack(phone.e164);
  };
  return (
    <>
      <div class="info">
        <h1>{t.callBackTitle}</h1>
        <p class="lead" id="call-back-details">
          {t.callBackDetails(ticket)}
        </p>
      </div>
      <div class="controls">
        <PhoneEntry t={t} typed={typed} onEdit={edit} problem={invalid ? t.phoneInvalid : ''} describedBy="call-back-details" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || typed.trim() === ''} onClick={callBack}>
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
