import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/index.ts';
import { normalisePhone } from '../phone.ts';
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
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const edit = (next: string) => {
    setTyped(next);
    setInvalid(false);
    onEdit();
  };
  const find = () => {
    const phone = normalisePhone(typed);
    if (!phone.ok) setInvalid(true);
    else onFind(phone.e164);
  };
  return (
    <>
      <div class="info">
        <h1>{t.findVisitTitle}</h1>
        <p class="lead" id="find-visit-details">
          {t.findVisitDetails}
        </p>
      </div>
      <div class="controls">
        <PhoneEntry t={t} typed={typed} onEdit={edit} problem={invalid ? t.phoneInvalid : notFound ? t.visitNotFound : ''} describedBy="find-visit-details" />
        <div class="actions">
          <button type="button" class="primary" disabled={busy || typed.trim() === ''} onClick={find}>
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
