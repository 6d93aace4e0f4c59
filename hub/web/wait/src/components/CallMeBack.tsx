import { useState } from 'preact/hooks';
import type { WaitAction, WaiterView } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { describeRefusal } from '../../../../../web-lib/refusals/index.ts';
import type { ActionResult } from '../../../../../web-lib/wait-live-channel.ts';

interface Props {
  entry: WaiterView;
  language: string;
  messages: Messages;
  act: (action: WaitAction, phone?: string) => Promise<ActionResult>;
}

/** "Call me back instead": the same place in line, and a phone call when it is their turn. */
export function CallMeBack({ entry, language, messages, act }: Props) {
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (entry.callingBack) {
    return (
      <p class="noted calling-back" role="status">
        {messages.callingBack}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" class="secondary call-me-back" onClick={() => setOpen(true)}>
        {messages.callMeBack}
      </button>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || phone.trim() === '') return;
    setBusy(true);
    setProblem(null);
    const result = await act('call-me-back', phone.trim());
    setBusy(false);
    if (!result.ok) setProblem(result.error ? messages.actionFailed(describeRefusal(result.error, language)) : messages.notConnected);
  };
  return (
    <form class="call-me-back" onSubmit={(event) => void submit(event)}>
      <p id="call-me-back-details" class="hint">
        {messages.callMeBackDetails}
      </p>
      <label for="call-back-phone">{messages.callMeBackNumber}</label>
      <input id="call-back-phone" type="tel" inputMode="tel" autoComplete="tel" value={phone} aria-describedby="call-me-back-details" onInput={(event) => setPhone(event.currentTarget.value)} />
      <div role="alert" class="problem" hidden={!problem}>
        {problem}
      </div>
      <button type="submit" class="secondary" disabled={busy || phone.trim() === ''}>
        {messages.callMeBackConfirm}
      </button>
    </form>
  );
}
