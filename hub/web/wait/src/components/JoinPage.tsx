import { useRef, useState } from 'preact/hooks';
import { pickLanguage } from '../../../../../web-lib/languages.ts';
import { describeRefusal } from '../../../../../web-lib/refusals/index.ts';
import { useDocument } from '../../../../../web-lib/use-document.ts';
import { useSite } from '../hooks.ts';
import { LANGUAGES, messagesFor, pickLanguages, type Messages } from '../i18n/index.ts';
import { join, newRequestId, type JoinRefusal } from '../join-api.ts';
import { PageFrame } from './PageFrame.tsx';
import { PhoneQuestion } from './PhoneQuestion.tsx';
import { ServiceChoice } from './ServiceChoice.tsx';
import { TextMe } from './TextMe.tsx';

interface Props {
  /** From ?service= on the poster's QR code: chosen already if it can be joined. */
  presetService: string | null;
  chosenLanguage: string | null;
  onLanguage: (language: string) => void;
  /** With the new visit's status-link token. */
  onJoined: (token: string) => void;
}

export function JoinPage({ presetService, chosenLanguage, onLanguage, onJoined }: Props) {
  const { site, failed, reload } = useSite();
  const languages = pickLanguages(site?.languages ?? LANGUAGES);
  const language = pickLanguage(languages, chosenLanguage, navigator.languages);
  const messages = messagesFor(language);
  const [picked, setPicked] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A number typed without the tick: the person is asked whether to text it.
  const [askingAboutPhone, setAskingAboutPhone] = useState(false);
  const [alreadyInLine, setAlreadyInLine] = useState(false);
  // Kept across retries of the same form; a change to the form is a new attempt, and the last problem goes with it.
  const requestId = useRef<string | null>(null);
  useDocument(language, site ? `${messages.pageTitle} · ${site.siteName}` : messages.pageTitle);

  const preset = site?.services.find((service) => service.serviceId === presetService && service.joinable)?.serviceId ?? null;
  const serviceId = picked ?? preset;
  const edited = <T,>(set: (value: T) => void) => (value: T) => {
    requestId.current = null;
    setProblem(null);
    setAskingAboutPhone(false);
    set(value);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (sending) return;
    if (!serviceId) {
      setProblem(messages.pickService);
      return;
    }
    const typed = site?.sendsTexts === true && phone.trim() !== '';
    if (consent && !typed && site?.sendsTexts) {
      setProblem(messages.phoneMissing);
      document.getElementById('phone')?.focus();
      return;
    }
    if (typed && !consent) {
      setAskingAboutPhone(true);
      return;
    }
    void send(serviceId, typed);
  };

  const answerAboutPhone = (textMe: boolean) => {
    if (!serviceId || sending) return;
    // The answer is the choice: the tick follows it, so the form says what was sent.
    setConsent(textMe);
    // A "yes" after a "no" that got no answer sends something else: a new attempt, not a retry.
    if (textMe) requestId.current = null;
    void send(serviceId, textMe);
  };

  const send = async (serviceId: string, sendsPhone: boolean) => {
    requestId.current ??= newRequestId();
    setSending(true);
    setProblem(null);
    const outcome = await join({ serviceId, language, requestId: requestId.current, ...(sendsPhone && { phone: phone.trim(), textConsent: true }) });
    setSending(false);
    if (outcome.ok) {
      if ('token' in outcome.reply) onJoined(outcome.reply.token);
      else setAlreadyInLine(true);
      return;
    }
    setAskingAboutPhone(false);
    setProblem(joinProblem(outcome.refusal, sendsPhone, messages, language));
    if (outcome.refusal) reload();
  };

  return (
    <PageFrame siteName={site?.siteName ?? null} language={language} languages={languages} onLanguage={onLanguage}>
      <h1>{messages.pageTitle}</h1>
      <p class="intro">{messages.intro}</p>
      {!site && !failed && <p role="status">{messages.loadingSite}</p>}
      {!site && failed && (
        <div role="alert" class="problem">
          <p>{messages.siteUnreachable}</p>
          <button type="button" class="secondary" onClick={reload}>
            {messages.tryAgain}
          </button>
        </div>
      )}
      {alreadyInLine && (
        <p role="status" class="noted already-in-line">
          {messages.alreadyInLine}
        </p>
      )}
      {site && !alreadyInLine && (
        <form class="join" onSubmit={submit} noValidate>
          <ServiceChoice services={site.services} language={language} messages={messages} chosen={serviceId} onChoose={edited(setPicked)} />
          {site.sendsTexts ? (
            <TextMe messages={messages} phone={phone} consent={consent} onPhone={edited(setPhone)} onConsent={edited(setConsent)} />
          ) : (
            <p class="hint no-texts-offered">{messages.noTextsOffered}</p>
          )}
          <div role="alert" class="problem" hidden={!problem}>
            {problem}
          </div>
          {askingAboutPhone ? (
            <PhoneQuestion messages={messages} phone={phone.trim()} sending={sending} onAnswer={answerAboutPhone} />
          ) : (
            <button type="submit" class="primary" disabled={sending}>
              {sending ? messages.joining : messages.join}
            </button>
          )}
        </form>
      )}
    </PageFrame>
  );
}

/** What went wrong, in the person's language: the hub's reason worded for it where only the hub knows (a number's problem). */
function joinProblem(refusal: JoinRefusal | null, sentPhone: boolean, messages: Messages, language: string): string {
  if (!refusal) return messages.hubUnreachable;
  if (refusal.code === 'line_full') return messages.lineFull;
  if (refusal.code === 'rate_limited') return messages.rateLimited(Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)));
  if (refusal.code === 'invalid_request' && sentPhone) return messages.phoneProblem(describeRefusal(refusal, language));
  return messages.joinRefused(describeRefusal(refusal, language));
}
