import type { Messages } from '../i18n/index.ts';
import type { Connection } from '../../../../../web-lib/wait-live-channel.ts';

/** Whether what the page shows is live: in words, not by colour alone. */
export function ConnectionBadge({ connection, messages }: { connection: Connection; messages: Messages }) {
  return (
    <p class={`connection connection-${connection}`} role="status">
      <span class="dot" aria-hidden="true" />
      {messages.connection[connection]}
    </p>
  );
}
