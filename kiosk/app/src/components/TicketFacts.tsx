import type { WaitEstimate } from '../../../../hub/contract/views.ts';
import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  heading: string;
  ticket: string | null;
  serviceName: string;
  position: number | null;
  estimate: WaitEstimate | null;
  /** When the ticket was taken, as the site's clock shows it; null while the site is not known. */
  joinedAt: string | null;
  /** Where to go, when the person has already been called. */
  counterName?: string | null;
}

/** The ticket in big letters and what the person needs to know about their place. */
export function TicketFacts({ t, heading, ticket, serviceName, position, estimate, joinedAt, counterName = null }: Props) {
  return (
    <div class="info ticket">
      <h1 class="ticket-label">{heading}</h1>
      <p class="ticket-number" data-testid="ticket">
        {ticket}
      </p>
      <dl class="facts">
        <div>
          <dt>{t.service}</dt>
          <dd>{serviceName}</dd>
        </div>
        {joinedAt && (
          <div>
            <dt>{t.joinedAt}</dt>
            <dd data-testid="joined-at">{joinedAt}</dd>
          </div>
        )}
        {counterName ? (
          <div>
            <dt>{t.calledTitle}</dt>
            <dd>{t.goTo(counterName)}</dd>
          </div>
        ) : (
          <>
            {position !== null && (
              <div>
                <dt>{t.placeInLine}</dt>
                <dd>{t.position(position)}</dd>
              </div>
            )}
            <div>
              <dt>{t.estimatedWait}</dt>
              <dd>{estimate ? t.minutes(estimate.lowMinutes, estimate.highMinutes) : t.noEstimate}</dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}
