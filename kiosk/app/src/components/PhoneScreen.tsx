import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/index.ts';
import { normalisePhone } from '../phone.ts';
import { PhoneEntry } from './PhoneEntry.tsx';

interface Props {
  t: Messages;
  serviceName: string;
  busy: boolean;
  onSubmit: (phone: string | null) => void;
  onBack: () => void;
}

export function PhoneScreen({ t, serviceName, busy, onSubmit, onBack }: Props) {
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const edit = (next: string) => {
    setTyped(next);
    setInvalid(false);
  };
  const submitWithText = () => {
    const phone = normalisePhone(typed);
    if (!phone.ok) {
      setInvalid(true);
      return;
    }
    onSubmit(phone.e164);
  };
  return (
    <>
      <div class="info">
        <p class="chosen">{serviceName}</p>
        <h1>{t.phoneTitle}</h1>
        <p class="consent" id="phone-consent">
          {t.phoneConsent}
        </p>
      </div>
      <div class="controls">
        <PhoneEntry t={t} typed={typed} onEdit={edit} problem={invalid ? t.phoneInvalid : ''} describedBy="phone-consent" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || typed.trim() === ''} onClick={submitWithText}>
            {t.getTicketWithText}
          </button>
          <button type="button" class="primary" disabled={busy} onClick={() => onSubmit(null)}>
            {t.getTicketNoText}
          </button>
        </div>
        <button type="button" class="secondary" disabled={busy} onClick={onBack}>
          {t.back}
        </button>
      </div>
    </>
  );
}
