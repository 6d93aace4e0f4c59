import { useEffect } from 'preact/hooks';
import { counterNameIn, type WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { siteTime } from '../../../../../web-lib/site-time.ts';

/** "Go to Counter 3 now": what the whole page is for. The phone buzzes when it appears. */
export function CalledNotice({ entry, language, messages }: { entry: WaiterView; language: string; messages: Messages }) {
  useEffect(() => {
    navigator.vibrate?.([400, 200, 400]);
  }, []);
  return (
    <section class="called" role="alert">
      <h2>{messages.goToCounter(counterNameIn(entry, language))}</h2>
      <p>{messages.calledTicket(entry.ticket ?? '', entry.calledAt ? siteTime(entry.calledAt, entry.timeZone, language) : '')}</p>
      <p>{messages.grace(entry.graceMinutes)}</p>
    </section>
  );
}
