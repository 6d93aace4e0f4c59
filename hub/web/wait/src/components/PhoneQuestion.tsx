import { useEffect, useRef } from 'preact/hooks';
import type { Messages } from '../i18n/index.ts';

interface Props {
  messages: Messages;
  /** As the person typed it. */
  phone: string;
  sending: boolean;
  onAnswer: (textMe: boolean) => void;
}

/** A number typed without the "Text me" tick: asked about, never dropped unseen. */
export function PhoneQuestion({ messages, phone, sending, onAnswer }: Props) {
  const yes = useRef<HTMLButtonElement>(null);
  // Focus moves to the question, so a keyboard or screen reader user meets it where the Join button was.
  useEffect(() => yes.current?.focus(), []);
  return (
    <div class="phone-question" role="group" aria-labelledby="phone-question">
      <p id="phone-question">{messages.phoneQuestion(phone)}</p>
      <button type="button" class="primary" ref={yes} disabled={sending} onClick={() => onAnswer(true)}>
        {sending ? messages.joining : messages.phoneQuestionYes}
      </button>
      <button type="button" class="secondary" disabled={sending} onClick={() => onAnswer(false)}>
        {messages.phoneQuestionNo}
      </button>
    </div>
  );
}
