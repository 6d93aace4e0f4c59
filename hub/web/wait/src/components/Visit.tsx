import { counterNameIn, type WaitAction, type WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import type { ActionResult } from '../../../../../web-lib/wait-live-channel.ts';
import { nameIn } from '../names.ts';
import { siteTime } from '../../../../../web-lib/site-time.ts';
import { CalledNotice } from './CalledNotice.tsx';
import { PlaceInLine } from './PlaceInLine.tsx';
import { TextsNotice } from './TextsNotice.tsx';
import { VisitEnded, isEnded } from './VisitEnded.tsx';
import { WaitActions } from './WaitActions.tsx';
import { CallMeBack } from './CallMeBack.tsx';

interface Props {
  entry: WaiterView;
  language: string;
  messages: Messages;
  act: (action: WaitAction, phone?: string) => Promise<ActionResult>;
}

/** The ticket, then what matters now: the place in line, the call, or how the visit ended. */
export function Visit({ entry, language, messages, act }: Props) {
  return (
    <>
      <h1 class="ticket-card">
        <span class="ticket-label">{messages.yourTicket}</span>
        <span class="ticket" data-testid="ticket">
          {entry.ticket}
        </span>
        <span class="service-name">{nameIn(entry.serviceName, language)}</span>
      </h1>
      <p class="joined-at" data-testid="joined-at">
        {messages.joinedAt(siteTime(entry.joinedAt, entry.timeZone, language))}
      </p>
      {entry.status === 'called' && <CalledNotice entry={entry} language={language} messages={messages} />}
      {entry.status === 'waiting' && <PlaceInLine entry={entry} language={language} messages={messages} />}
      {entry.status === 'waiting' && !entry.callingBack && <TextsNotice entry={entry} messages={messages} />}
      {entry.status === 'serving' && <p class="serving">{entry.counterName ? messages.serving(counterNameIn(entry, language)) : messages.servingNoCounter}</p>}
      {entry.status === 'booked' && <p class="booked">{messages.booked}</p>}
      {(entry.status === 'waiting' || entry.status === 'called') && <WaitActions entry={entry} language={language} messages={messages} act={act} />}
      {entry.status === 'waiting' && <CallMeBack entry={entry} language={language} messages={messages} act={act} />}
      {isEnded(entry.status) && <VisitEnded status={entry.status} messages={messages} />}
    </>
  );
}
