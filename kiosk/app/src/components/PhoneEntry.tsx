import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  typed: string;
  onEdit: (typed: string) => void;
  /** Said under the field when the number cannot be used; empty when it can. */
  problem: string;
  /** Ids of the text that explains what the number is for. */
  describedBy: string;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A mobile number typed on the screen's keypad (or a keyboard), with what is wrong with it below. */
export function PhoneEntry({ t, typed, onEdit, problem, describedBy }: Props) {
  const edit = (next: string) => onEdit(next.slice(0, 20));
  return (
    <>
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
        aria-describedby={problem ? `phone-error ${describedBy}` : describedBy}
        aria-invalid={problem !== ''}
        onInput={(event) => edit(event.currentTarget.value)}
      />
      <p id="phone-error" class="error" role="alert">
        {problem}
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
    </>
  );
}
