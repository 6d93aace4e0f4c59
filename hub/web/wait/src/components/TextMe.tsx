import type { Messages } from '../i18n/index.ts';

interface Props {
  messages: Messages;
  phone: string;
  consent: boolean;
  onPhone: (phone: string) => void;
  onConsent: (consent: boolean) => void;
}

/** The optional mobile number and the consent that must go with it: a number without the tick is not sent. */
export function TextMe({ messages, phone, consent, onPhone, onConsent }: Props) {
  return (
    <fieldset class="text-me">
      <legend>{messages.textMeTitle}</legend>
      <label class="consent" for="text-consent">
        <input type="checkbox" id="text-consent" checked={consent} aria-describedby="text-consent-details" onChange={(event) => onConsent(event.currentTarget.checked)} />
        <span>{messages.textConsent}</span>
      </label>
      <p id="text-consent-details" class="hint">
        {messages.textConsentDetails}
      </p>
      <label class="field-label" for="phone">
        {messages.phoneLabel}
      </label>
      <input
        id="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        maxLength={32}
        value={phone}
        aria-describedby="phone-hint"
        onInput={(event) => onPhone(event.currentTarget.value)}
      />
      <p id="phone-hint" class="hint">
        {phone.trim() && !consent ? messages.phoneNotSent : messages.phoneHint}
      </p>
    </fieldset>
  );
}
