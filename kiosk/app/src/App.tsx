import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskScan, PrinterState } from '../../../hub/contract/devices.ts';
import type { EntryView, KioskTicketView } from '../../../hub/contract/views.ts';
import type { WaiterView } from '../../../hub/contract/wait.ts';
import { isPrintJobOf } from '../../../hub/contract/print-job-ids.ts';
import type { DeviceCredentials } from '../../../web-lib/device-credentials.ts';
import { siteTime } from '../../../web-lib/site-time.ts';
import { useDocument } from '../../../web-lib/use-document.ts';
import { describeRefusal, type ReceivedRefusal } from '../../../web-lib/refusals/index.ts';
import { AttractScreen } from './components/AttractScreen.tsx';
import { CallBackScreen } from './components/CallBackScreen.tsx';
import { CallingBackScreen } from './components/CallingBackScreen.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { FindVisitScreen } from './components/FindVisitScreen.tsx';
import { PhoneScreen } from './components/PhoneScreen.tsx';
import { PlaceScreen } from './components/PlaceScreen.tsx';
import { SeeDeskScreen } from './components/SeeDeskScreen.tsx';
import { ServiceScreen } from './components/ServiceScreen.tsx';
import { TicketScreen } from './components/TicketScreen.tsx';
import { useIdleTimeout, useKioskConnection, useSettledScreen, useSiteId, type ScreenGuard } from './hooks.ts';
import { messagesFor, pickLanguages, type Messages } from './i18n/index.ts';
import { randomSuffix, type Answer, type KioskLiveState, type ReprintRequest } from './kiosk-connection.ts';
import { DEFAULT_IDLE_MS, type IdleTimes } from './settings.ts';
import { askToBeCalledBack, lookUpTicket, tokenOf } from './ticket-lookup.ts';

const RETRY_MS = 3_000;
/**
 * How long a new screen is shown before it takes a tap: longer than the gap
 * between the taps of a double tap (touch screens count up to about 500 ms),
 * shorter than anyone needs to read the screen and reach for a button.
 */
const SETTLE_MS = 600;
/** A note on the status line ("We could not read that code…") goes away by itself after this long. */
const NOTE_MS = 8_000;
/** Copies a person may print at the kiosk on top of the first; staff can always reprint from the desk. */
const PRINTS_AGAIN = 2;
/**
 * As printerCanPrint in hub/contract/devices.ts; imported from there, that
 * module's schemas would bring zod (about 60 kB gzip) into the kiosk's bundle.
 */
const PRINTING_STATES: ReadonlySet<PrinterState> = new Set(['online', 'paper-low']);

type Screen =
  | { name: 'attract' }
  | { name: 'service' }
  | { name: 'phone'; serviceId: string; requestId: string }
  | { name: 'find-visit'; notFound: boolean }
  | { name: 'ticket'; entry: KioskTicketView; phone: string | null; printsLeft: number; found: boolean }
  | { name: 'place'; place: WaiterView; token: string; printsLeft: number }
  /** "Call me back instead" for the visit of this status link; Back returns to `back`. */
  | { name: 'call-back'; token: string; ticket: string; back: Screen }
  | { name: 'calling-back'; ticket: string; phone: string }
  | { name: 'see-desk'; reason: 'appointmentUnknown' | 'appointmentNotNow' | 'ticketUnknown' | 'ticketEnded' };

/**
 * Screens where nobody is in the middle of something: a scan acts there. On the
 * service and phone screens a scan only says to finish first, so that the next
 * person in line cannot take over someone's half-made choice.
 */
const SCAN_READY: ReadonlySet<Screen['name']> = new Set(['attract', 'ticket', 'place', 'see-desk', 'calling-back']);
/** Screens that are read, not filled in: they go back to the welcome screen sooner. */
const READ_ONLY: ReadonlySet<Screen['name']> = new Set(['ticket', 'place', 'see-desk', 'calling-back']);

type Sending =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'unreachable' }
  | { state: 'refused'; refusal: ReceivedRefusal }
  | { state: 'note'; say: 'printingAgain' | 'finishFirst' | 'hubUnreachable' | 'unreadableCode' };

interface Props {
  device: DeviceCredentials | null;
  mqttUrl: string;
  idle?: IdleTimes;
}

export function App({ device, mqttUrl, idle = DEFAULT_IDLE_MS }: Props) {
  const siteId = useSiteId();
  if (!device) return <SetupNeeded t={messagesFor('en')} problem="missing" />;
  if (!siteId) return <Shell status={messagesFor('en').connecting} />;
  return <Kiosk device={device} mqttUrl={mqttUrl} siteId={siteId} idle={idle} />;
}

function Kiosk({ device, mqttUrl, siteId, idle }: { device: DeviceCredentials; mqttUrl: string; siteId: string; idle: IdleTimes }) {
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  /** The request in flight: an answer to an abandoned one must not change the screen. */
  const attempt = useRef<string | null>(null);
  const { live, connection } = useKioskConnection(mqttUrl, siteId, device, (scan) => onScan(scan));
  const languages = pickLanguages(live.site?.languages);
  const [language, setLanguage] = useState(languages[0] ?? 'en');
  const t = messagesFor(language);
  useDocument(language, t.welcome);

  const reset = () => {
    attempt.current = null;
    setSending({ state: 'idle' });
    setScreen({ name: 'attract' });
    setLanguage(languages[0] ?? 'en');
  };
  useIdleTimeout(screen.name === 'attract' ? null : READ_ONLY.has(screen.name) ? idle.ticket : idle.other, screen, reset);
  useEffect(() => {
    if (sending.state !== 'note') return;
    const timer = setTimeout(() => setSending((now) => (now === sending ? { state: 'idle' } : now)), NOTE_MS);
    return () => clearTimeout(timer);
  }, [sending]);

  const serviceName = (serviceId: string) => {
    const names = live.site?.services.find((s) => s.serviceId === serviceId)?.name;
    return names?.[language] ?? names?.en ?? serviceId;
  };
  /** As the site's clock shows it, in the kiosk's current language, whatever zone this PC is set to. */
  const clockTime = (iso: string) => (live.site ? siteTime(iso, live.site.timeZone, language) : null);

  /**
   * Asks until the hub answers or refuses (never a made-up ticket): meanwhile the
   * screen says it cannot reach the hub and is trying again. Null when abandoned
   * (Back, Done, the idle timeout) or when the same request is already on its way.
   */
  async function untilAnswered<T>(key: string, ask: () => Promise<Answer<T>>): Promise<Answer<T> | null> {
    if (attempt.current === key) return null; // a second tap while the first is on its way
    attempt.current = key;
    setSending({ state: 'sending' });
    for (;;) {
      const answer = await ask();
      if (attempt.current !== key) return null;
      if (answer.ok || answer.kind === 'refused') {
        attempt.current = null;
        setSending({ state: 'idle' });
        return answer;
      }
      setSending({ state: 'unreachable' });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      if (attempt.current !== key) return null;
    }
  }

  /** `found`: a visit already in line, brought back here, who may still choose to be called back instead. */
  const showTicket = (entry: EntryView, phone: string | null, found = false) =>
    setScreen({ name: 'ticket', entry: entry as KioskTicketView, phone, printsLeft: PRINTS_AGAIN, found });

  const enroll = async (serviceId: string, requestId: string, phone: string | null) => {
    const answer = await untilAnswered(requestId, () => connection.enroll({ serviceId, requestId, language, ...(phone && { phone }) }));
    if (!answer) return;
    if (answer.ok) showTicket(answer.value, phone);
    else if (answer.kind === 'refused') setSending({ state: 'refused', refusal: answer });
  };

  /** A caller or remote waiter who has come in: the same visit goes on here, its ticket printed. */
  const findVisit = async (phone: string) => {
    const answer = await untilAnswered(`continue:${phone}`, () => connection.continueVisit(phone));
    if (!answer) return;
    if (answer.ok) showTicket(answer.value, null, true);
    else if (answer.kind === 'refused' && answer.code === 'not_found') setScreen({ name: 'find-visit', notFound: true });
    else if (answer.kind === 'refused') setSending({ state: 'refused', refusal: answer });
  };

  const checkIn = async (reference: string) => {
    const answer = await untilAnswered(`check-in:${reference}`, () => connection.checkIn(reference));
    if (!answer) return;
    if (answer.ok) showTicket(answer.value, null);
    else if (answer.kind === 'refused') setScreen({ name: 'see-desk', reason: answer.code === 'not_found' ? 'appointmentUnknown' : 'appointmentNotNow' });
  };

  const findPlace = async (token: string) => {
    const answer = await untilAnswered(`place:${token}`, () => lookUpTicket(token));
    if (!answer) return;
    if (!answer.ok) setScreen({ name: 'see-desk', reason: 'ticketUnknown' });
    else if (answer.value.status !== 'waiting' && answer.value.status !== 'called') setScreen({ name: 'see-desk', reason: 'ticketEnded' });
    else setScreen({ name: 'place', place: answer.value, token, printsLeft: PRINTS_AGAIN });
  };

  /** Asked as the holder of the ticket's link, as their phone's status page would: the kiosk itself may not change a visit's channel. */
  const callBack = async (token: string, ticket: string, phone: string) => {
    const answer = await untilAnswered(`call-back:${token}`, () => askToBeCalledBack(token, phone));
    if (!answer) return;
    if (answer.ok) setScreen({ name: 'calling-back', ticket, phone });
    else if (answer.kind === 'refused') setSending({ state: 'refused', refusal: answer });
  };

  function onScan(scan: KioskScan) {
    // Said on any screen, but never over a request on its way.
    if (scan.kind === 'unreadable') {
      if (attempt.current === null) setSending({ state: 'note', say: 'unreadableCode' });
      return;
    }
    if (!SCAN_READY.has(screen.name) || attempt.current !== null) {
      setSending({ state: 'note', say: 'finishFirst' });
      return;
    }
    void (scan.kind === 'appointment' ? checkIn(scan.reference) : findPlace(scan.token));
  }

  /** One copy per tap, no retries: a copy printed late would surprise whoever stands there next. */
  const printAgain = async (request: ReprintRequest) => {
    if (screen.name !== 'ticket' && screen.name !== 'place') return;
    if (attempt.current !== null || screen.printsLeft <= 0) return;
    const current = screen;
    attempt.current = 'reprint';
    setSending({ state: 'sending' });
    const answer = await connection.reprint(request);
    if (attempt.current !== 'reprint') return;
    attempt.current = null;
    if (answer.ok) {
      setScreen({ ...current, printsLeft: current.printsLeft - 1 });
      setSending({ state: 'note', say: 'printingAgain' });
    } else {
      setSending(answer.kind === 'refused' ? { state: 'refused', refusal: answer } : { state: 'note', say: 'hubUnreachable' });
    }
  };

  const guard = useSettledScreen(screen.name, SETTLE_MS);
  if (live.connection === 'refused') return <SetupNeeded t={t} problem="refused" />;

  const busy = sending.state === 'sending' || sending.state === 'unreachable';

  const body = (() => {
    switch (screen.name) {
      case 'attract':
        return <AttractScreen t={t} onStart={() => setScreen({ name: 'service' })} onAlreadyInLine={() => setScreen({ name: 'find-visit', notFound: false })} />;
      case 'find-visit':
        return (
          <FindVisitScreen
            t={t}
            busy={busy}
            notFound={screen.notFound}
            onFind={(phone) => void findVisit(phone)}
            onEdit={() => screen.notFound && setScreen({ name: 'find-visit', notFound: false })}
            onBack={reset}
          />
        );
      case 'service':
        return live.site ? (
          <ServiceScreen
            t={t}
            language={language}
            site={live.site}
            services={live.services}
            onChoose={(serviceId) => setScreen({ name: 'phone', serviceId, requestId: `kiosk-${randomSuffix()}${randomSuffix()}` })}
            onBack={reset}
          />
        ) : null;
      case 'phone':
        return (
          <PhoneScreen
            t={t}
            serviceName={serviceName(screen.serviceId)}
            busy={busy}
            onSubmit={(phone) => void enroll(screen.serviceId, screen.requestId, phone)}
            onBack={() => {
              attempt.current = null;
              setSending({ state: 'idle' });
              setScreen({ name: 'service' });
            }}
          />
        );
      case 'ticket':
        return (
          <TicketScreen
            t={t}
            language={language}
            entry={screen.entry}
            serviceName={serviceName(screen.entry.serviceId)}
            joinedAt={clockTime(screen.entry.enrolledAt)}
            phone={screen.phone}
            statusUrl={screen.entry.statusUrl}
            notPrinted={notPrinted(live, screen.entry.entryId)}
            printsLeft={screen.printsLeft}
            busy={busy}
            onPrintAgain={() => void printAgain({ entryId: screen.entry.entryId })}
            onCallBack={screen.found && screen.entry.ticket ? () => setScreen({ name: 'call-back', token: tokenOf(screen.entry.statusUrl), ticket: screen.entry.ticket!, back: screen }) : null}
            onDone={reset}
          />
        );
      case 'place':
        return (
          <PlaceScreen
            t={t}
            language={language}
            place={screen.place}
            joinedAt={clockTime(screen.place.joinedAt)}
            printsLeft={canPrint(live) && screen.place.ticket ? screen.printsLeft : 0}
            busy={busy}
            onPrintAgain={() => screen.place.ticket && void printAgain({ ticket: screen.place.ticket })}
            onCallBack={
              screen.place.ticket && screen.place.status === 'waiting' && !screen.place.callingBack
                ? () => setScreen({ name: 'call-back', token: screen.token, ticket: screen.place.ticket!, back: screen })
                : null
            }
            onDone={reset}
          />
        );
      case 'call-back':
        return (
          <CallBackScreen
            t={t}
            ticket={screen.ticket}
            busy={busy}
            onCallBack={(phone) => void callBack(screen.token, screen.ticket, phone)}
            onBack={() => {
              attempt.current = null;
              setSending({ state: 'idle' });
              setScreen(screen.back);
            }}
          />
        );
      case 'calling-back':
        return <CallingBackScreen t={t} ticket={screen.ticket} phone={screen.phone} onDone={reset} />;
      case 'see-desk':
        return <SeeDeskScreen t={t} reason={t[screen.reason]} onDone={reset} />;
    }
  })();

  return (
    <Shell siteName={live.site?.name ?? ''} status={connectionMessage(t, live, sending, language)} languages={languages} language={language} onLanguage={setLanguage} screen={screen.name} guard={guard}>
      {body}
    </Shell>
  );
}

/** Whether the agent's printer can print now; unknown (no agent status readable) counts as yes. */
function canPrint(live: KioskLiveState): boolean {
  return !live.agent || PRINTING_STATES.has(live.agent.printer);
}

function notPrinted(live: KioskLiveState, entryId: string): boolean {
  const agent = live.agent;
  if (!agent) return false;
  if (agent.lastJob && isPrintJobOf(agent.lastJob.jobId, entryId)) return agent.lastJob.outcome === 'failed';
  return !canPrint(live);
}

function connectionMessage(t: Messages, live: KioskLiveState, sending: Sending, language: string): string | null {
  if (sending.state === 'sending') return t.sending;
  if (sending.state === 'unreachable') return `${t.hubUnreachable} ${t.retrying}`;
  if (sending.state === 'refused') return t.refused(describeRefusal(sending.refusal, language));
  if (sending.state === 'note') return t[sending.say];
  if (live.connection === 'connecting') return t.connecting;
  if (live.connection === 'reconnecting') return t.reconnecting;
  return null;
}

interface ShellProps {
  siteName?: string;
  status: string | null;
  languages?: string[];
  language?: string;
  onLanguage?: (language: string) => void;
  screen?: string;
  /** While the screen is new its content takes no input (inert), and a tap meant for the previous screen does nothing here. */
  guard?: ScreenGuard;
  children?: preact.ComponentChildren;
}

/** Every screen: what it shows on top, its controls low (within reach from a wheelchair), the language switch at the bottom. */
function Shell({ siteName = '', status, languages = [], language = 'en', onLanguage = () => {}, screen = 'attract', guard, children }: ShellProps) {
  const settled = guard?.settled ?? true;
  const refuseTooSoon = (event: Event) => {
    if (!guard?.tooSoon(event)) return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <main class={`kiosk screen-${screen}`} data-settled={settled}>
      <header class="site-name">{siteName}</header>
      <div class="screen-body" inert={!settled} onPointerDownCapture={refuseTooSoon} onClickCapture={refuseTooSoon}>
        {children}
      </div>
      <p class={status ? 'status-line shown' : 'status-line'} role="status" aria-live="polite">
        {status ?? ''}
      </p>
      <footer class="footer">
        <LanguageSwitch languages={languages} current={language} onChange={onLanguage} />
      </footer>
    </main>
  );
}

function SetupNeeded({ t, problem }: { t: Messages; problem: 'missing' | 'refused' }) {
  return (
    <main class="kiosk setup">
      <div class="info">
        <h1>{t.setup.title}</h1>
        <p class="lead">{problem === 'missing' ? t.setup.missingDevice : t.setup.refused}</p>
        <p>{t.setup.example}</p>
        <p>
          <code>{`${location.origin}/kiosk/?device=kiosk-1&key=…`}</code>
        </p>
      </div>
    </main>
  );
}
