import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  /** How many more copies this person may print here; none left, no button. */
  left: number;
  busy: boolean;
  onPrint: () => void;
}

export function PrintAgainButton({ t, left, busy, onPrint }: Props) {
  if (left <= 0) return null;
  return (
    <button type="button" class="secondary" disabled={busy} onClick={onPrint}>
      {t.printAgain}
    </button>
  );
}
