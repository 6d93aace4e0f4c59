import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/index.ts';
import { normalisePhone } from '../phone.ts';

interface Props {
  t: Messages;
  serviceName: string;
  busy: boolean;
  onSubmit: (phone: string | null) => void;
  onBack: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PhoneScreen({ t, serviceName, busy, onSubmit, onBack }: Props) {
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const edit = (next: string) => {
    setTyped(next.slice(0, 20));
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
        <label class="field-label" for="phone">
          {t.phoneLabel}
        </label>
        <input
          id="phone"
          class="phone-input"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={typed}
          placeholder={t.phoneHint}
          aria-describedby={invalid ? 'phone-error phone-consent' : 'phone-consent'}
          aria-invalid={invalid}
          onInput={(event) => edit(event.currentTarget.value)}
        />
        <p id="phone-error" class="error" role="alert">
          {invalid ? t.phoneInvalid : ''}
        </p>
        <div class="keypad">
          {KEYS.map((key) => (
            <button type="button" key={key} class="key" onClick={() => edit(typed + key)}>
              {key}
            </button>
          ))}
          <button type="button" class="key" aria-label={t.clearNumber} onClick={() => edit('')}>
            C
          </button>
          <button type="button" class="key" onClick={() => edit(typed + '0')}>
            0
          </button>
          <button type="button" class="key" aria-label={t.deleteDigit} onClick={() => edit(typed.slice(0, -1))}>
            ⌫
          </button>
        </div>
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
