import type { Messages } from '../i18n/index.ts';

export function UnknownLink({ messages }: { messages: Messages }) {
  return (
    <section class="unknown-link" role="alert">
      <h1>{messages.unknownLinkTitle}</h1>
      <p>{messages.unknownLinkDetails}</p>
      <a class="button primary" href="/wait/">
        {messages.goToJoin}
      </a>
    </section>
  );
}
