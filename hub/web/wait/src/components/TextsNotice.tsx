import type { WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';

/** What the person chose when joining, said back: texts to a (masked) number, or none and this page is the way to know. */
export function TextsNotice({ entry, messages }: { entry: WaiterView; messages: Messages }) {
  return (
    <p class={entry.textsTo ? 'texts texts-coming' : 'texts no-texts'} data-testid="texts">
      {entry.textsTo ? messages.textsComing(entry.textsTo) : messages.noTexts}
    </p>
  );
}
