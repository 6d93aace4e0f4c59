import type { NoCounterOpen, WaitEstimate } from '../../../../hub/contract/views.ts';
import { clockTime } from '../../../../web-lib/clock-time.ts';
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
  /** Set while no open counter serves the service: said instead of a range. */
  noCounterOpen: NoCounterOpen | null;
  language: string;
  /** Where to go, when the person has already been called. */
  counterName?: string | null;
}

/** The ticket in big letters and what the person needs to know about their place. */
export function TicketFacts({ t, heading, ticket, serviceName, position, estimate, joinedAt, noCounterOpen, language, counterName = null }: Props) {
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
              <dd data-testid="estimate">{waitWords(t, language, serviceName, estimate, noCounterOpen)}</dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}

/** The wait in words: a range, or that no counter serves the line yet and when counters usually open. */
export function waitWords(t: Messages, language: string, serviceName: string, estimate: WaitEstimate | null, noCounterOpen: NoCounterOpen | null): string {
  if (noCounterOpen) {
    const opens = noCounterOpen.usuallyOpensAt;
    return opens ? `${t.noCounterOpen(serviceName)} ${t.usuallyOpens(clockTime(opens, language))}` : t.noCounterOpen(serviceName);
  }
  return estimate ? t.minutes(estimate.lowMinutes, estimate.highMinutes) : t.noEstimate;
}
