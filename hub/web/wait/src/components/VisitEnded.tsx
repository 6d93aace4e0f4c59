import type { WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';

type Ended = 'done' | 'no_show' | 'cancelled';

export function isEnded(status: WaiterView['status']): status is Ended {
  return status === 'done' || status === 'no_show' || status === 'cancelled';
}

/** How the visit ended, and the way back to the join page. */
export function VisitEnded({ status, messages }: { status: Ended; messages: Messages }) {
  return (
    <section class="ended" role="status">
      <h2>{messages.ended[status]}</h2>
      <p>{messages.endedDetails}</p>
      <a class="button primary" href="/wait/">
        {messages.joinAgain}
      </a>
    </section>
  );
}
