import type { Messages } from '../i18n/index.ts';
import { useTypedPhone } from '../hooks.ts';
import { PhoneEntry } from './PhoneEntry.tsx';

interface Props {
  t: Messages;
  busy: boolean;
  /** Set when the hub found nobody in line with the number last sent. */
  notFound: boolean;
  onFind: (phone: string) => void;
  onEdit: () => void;
  onBack: () => void;
}

/** "Already in line, or called in?": the number they joined with brings back their own ticket. */
export function FindVisitScreen({ t, busy, notFound, onFind, onEdit, onBack }: Props) {
  const phone = useTypedPhone(onEdit);
  return (
    <>
      <div class="info">
        <h1>{t.findVisitTitle}</h1>
        <p class="lead" id="find-visit-details">
          {t.findVisitDetails}
        </p>
      </div>
      <div class="controls">
        <PhoneEntry t={t} typed={phone.typed} onEdit={phone.edit} problem={phone.invalid ? t.phoneInvalid : notFound ? t.visitNotFound : ''} describedBy="find-visit-details" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || phone.empty} onClick={() => phone.submit(onFind)}>
            {t.findVisit}
          </button>
        </div>
        <button type="button" class="secondary" disabled={busy} onClick={onBack}>
          {t.back}
        </button>
      </div>
    </>
  );
}
