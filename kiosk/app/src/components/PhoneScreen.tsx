import type { Messages } from '../i18n/index.ts';
import { useTypedPhone } from '../hooks.ts';
import { PhoneEntry } from './PhoneEntry.tsx';

interface Props {
  t: Messages;
  serviceName: string;
  busy: boolean;
  onSubmit: (phone: string | null) => void;
  onBack: () => void;
}

export function PhoneScreen({ t, serviceName, busy, onSubmit, onBack }: Props) {
  const phone = useTypedPhone();
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
        <PhoneEntry t={t} typed={phone.typed} onEdit={phone.edit} problem={phone.invalid ? t.phoneInvalid : ''} describedBy="phone-consent" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || phone.empty} onClick={() => phone.submit(onSubmit)}>
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
