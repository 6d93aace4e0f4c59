import type { EntryView } from '../../../../hub/contract/views.ts';
import type { Messages } from '../i18n/index.ts';
import { showPhone } from '../phone.ts';
import { QrCode } from './QrCode.tsx';

interface Props {
  t: Messages;
  entry: EntryView;
  serviceName: string;
  phone: string | null;
  /** The remote-wait page for this entry. */
  statusUrl: string;
  /** The printer cannot print, or failed this ticket: the screen is the ticket. */
  notPrinted: boolean;
  onDone: () => void;
}

export function TicketScreen({ t, entry, serviceName, phone, statusUrl, notPrinted, onDone }: Props) {
  return (
    <>
      <div class="info ticket">
        <h1 class="ticket-label">{t.yourTicket}</h1>
        <p class="ticket-number" data-testid="ticket">
          {entry.ticket}
        </p>
        <dl class="facts">
          <div>
            <dt>{t.service}</dt>
            <dd>{serviceName}</dd>
          </div>
          {entry.position !== null && (
            <div>
              <dt>{t.placeInLine}</dt>
              <dd>{t.position(entry.position)}</dd>
            </div>
          )}
          <div>
            <dt>{t.estimatedWait}</dt>
            <dd>{entry.estimate ? t.minutes(entry.estimate.lowMinutes, entry.estimate.highMinutes) : t.noEstimate}</dd>
          </div>
        </dl>
      </div>
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
          <p class="note strong" role="status">
            {t.takeTicket}
          </p>
        )}
        <button type="button" class="primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </>
  );
}
