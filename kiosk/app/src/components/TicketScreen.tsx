import type { EntryView } from '../../../../hub/contract/views.ts';
import type { Messages } from '../i18n/index.ts';
import { showPhone } from '../phone.ts';
import { PrintAgainButton } from './PrintAgainButton.tsx';
import { QrCode } from './QrCode.tsx';
import { TicketFacts } from './TicketFacts.tsx';

interface Props {
  t: Messages;
  language: string;
  entry: EntryView;
  serviceName: string;
  /** When the ticket was taken, in the site's clock time. */
  joinedAt: string | null;
  phone: string | null;
  /** The remote-wait page for this entry. */
  statusUrl: string;
  /** The printer cannot print, or failed this ticket: the screen is the ticket. */
  notPrinted: boolean;
  printsLeft: number;
  busy: boolean;
  onPrintAgain: () => void;
  /** Offered to someone already in line who would rather leave and be phoned; null when not. */
  onCallBack: (() => void) | null;
  onDone: () => void;
}

export function TicketScreen({ t, language, entry, serviceName, joinedAt, phone, statusUrl, notPrinted, printsLeft, busy, onPrintAgain, onCallBack, onDone }: Props) {
  return (
    <>
      <TicketFacts
        t={t}
        language={language}
        heading={t.yourTicket}
        ticket={entry.ticket}
        serviceName={serviceName}
        position={entry.position}
        estimate={entry.estimate}
        noCounterOpen={entry.noCounterOpen}
        joinedAt={joinedAt}
      />
      <div class="controls">
        <div class="qr-row">
          <QrCode text={statusUrl} label={t.qrLabel} />
          <p class="qr-hint">{t.qrHint}</p>
        </div>
        {phone && <p class="note">{t.textConfirmed(showPhone(phone))}</p>}
        {notPrinted ? (
          <div class="warning" role="alert" data-testid="not-printed">
            <p>{t.printerProblem}</p>
            <p class="strong">{t.cannotPrint}</p>
          </div>
        ) : (
          <>
            <p class="note strong" role="status">
              {t.takeTicket}
            </p>
            <PrintAgainButton t={t} left={printsLeft} busy={busy} onPrint={onPrintAgain} />
          </>
        )}
        {onCallBack && (
          <button type="button" class="secondary" disabled={busy} onClick={onCallBack}>
            {t.callMeBack}
          </button>
        )}
        <button type="button" class="primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </>
  );
}
