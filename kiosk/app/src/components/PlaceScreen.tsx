import { counterNameIn, type WaiterView } from '../../../../hub/contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { PrintAgainButton } from './PrintAgainButton.tsx';
import { TicketFacts } from './TicketFacts.tsx';

interface Props {
  t: Messages;
  language: string;
  /** The person's own visit, found by the token of the ticket they scanned. */
  place: WaiterView;
  /** When the ticket was taken, in the site's clock time. */
  joinedAt: string | null;
  printsLeft: number;
  busy: boolean;
  onPrintAgain: () => void;
  /** Offered to someone already in line who would rather leave and be phoned; null when not. */
  onCallBack: (() => void) | null;
  onDone: () => void;
}

/** Someone scanned the QR code of a ticket they already have: where they stand. */
export function PlaceScreen({ t, language, place, joinedAt, printsLeft, busy, onPrintAgain, onCallBack, onDone }: Props) {
  const serviceName = place.serviceName[language] ?? place.serviceName.en ?? Object.values(place.serviceName)[0] ?? '';
  return (
    <>
      <TicketFacts
        t={t}
        heading={t.yourPlace}
        ticket={place.ticket}
        serviceName={serviceName}
        position={place.position}
        estimate={place.estimate}
        joinedAt={joinedAt}
        noCounterOpen={place.noCounterOpen ?? null}
        language={language}
        counterName={place.status === 'called' ? counterNameIn(place, language) : null}
      />
      {place.here === 'said' && (
        <p class="here-noted" role="status">
          {t.hereNoted}
        </p>
      )}
      <div class="controls">
        <PrintAgainButton t={t} left={printsLeft} busy={busy} onPrint={onPrintAgain} />
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
