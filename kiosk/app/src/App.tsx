import { useRef, useState } from 'preact/hooks';
import type { PrinterState } from '../../../hub/contract/devices.ts';
import type { KioskTicketView } from '../../../hub/contract/views.ts';
import { printJobIdOf } from '../../../hub/engine/print-jobs.ts';
import { AttractScreen } from './components/AttractScreen.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { PhoneScreen } from './components/PhoneScreen.tsx';
import { ServiceScreen } from './components/ServiceScreen.tsx';
import { TicketScreen } from './components/TicketScreen.tsx';
import { useDocument, useIdleTimeout, useKioskConnection, useSiteId } from './hooks.ts';
import { kioskLanguages, messagesFor, type Messages } from './i18n/index.ts';
import { randomSuffix, type KioskLiveState } from './kiosk-connection.ts';
import type { DeviceCredentials } from './settings.ts';

/** Back to the welcome screen after this long untouched: the ticket is read quickly, choices take longer. */
export const IDLE_MS = { ticket: 20_000, other: 45_000 };
const RETRY_MS = 3_000;
/**
 * As printerCanPrint in hub/contract/devices.ts; imported from there, that
 * module's schemas would bring zod (about 60 kB gzip) into the kiosk's bundle.
 */
const PRINTING_STATES: ReadonlySet<PrinterState> = new Set(['online', 'paper-low']);

type Screen =
  | { name: 'attract' }
  | { name: 'service' }
  | { name: 'phone'; serviceId: string; requestId: string }
  | { name: 'ticket'; entry: KioskTicketView; phone: string | null };

type Sending = { state: 'idle' } | { state: 'sending' } | { state: 'unreachable' } | { state: 'refused'; message: string };

interface Props {
  device: DeviceCredentials | null;
  mqttUrl: string;
}

export function App({ device, mqttUrl }: Props) {
  const siteId = useSiteId();
  if (!device) return <SetupNeeded t={messagesFor('en')} problem="missing" />;
  if (!siteId) return <Shell status={messagesFor('en').connecting} />;
  return <Kiosk device={device} mqttUrl={mqttUrl} siteId={siteId} />;
}

function Kiosk({ device, mqttUrl, siteId }: { device: DeviceCredentials; mqttUrl: string; siteId: string }) {
  const { live, connection } = useKioskConnection(mqttUrl, siteId, device);
  const languages = kioskLanguages(live.site?.languages);
  const [language, setLanguage] = useState(languages[0] ?? 'en');
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  /** The attempt in flight: a reply for an abandoned attempt must not show a ticket. */
  const attempt = useRef<string | null>(null);
  const t = messagesFor(language);
  useDocument(language, t.welcome);

  const reset = () => {
    attempt.current = null;
    setSending({ state: 'idle' });
    setScreen({ name: 'attract' });
    setLanguage(languages[0] ?? 'en');
  };
  useIdleTimeout(screen.name === 'attract' ? null : screen.name === 'ticket' ? IDLE_MS.ticket : IDLE_MS.other, screen, reset);

  if (live.connection === 'refused') return <SetupNeeded t={t} problem="refused" />;

  const serviceName = (serviceId: string) => {
    const names = live.site?.services.find((s) => s.serviceId === serviceId)?.name;
    return names?.[language] ?? names?.en ?? serviceId;
  };

  const enroll = async (serviceId: string, requestId: string, phone: string | null) => {
    if (attempt.current === requestId) return; // a second tap while the first is on its way
    attempt.current = requestId;
    setSending({ state: 'sending' });
    for (;;) {
      const outcome = await connection.enroll({ serviceId, requestId, language, ...(phone && { phone }) });
      if (attempt.current !== requestId) return;
      if (outcome.ok) {
        attempt.current = null;
        setSending({ state: 'idle' });
        setScreen({ name: 'ticket', entry: outcome.entry as KioskTicketView, phone });
        return;
      }
      if (outcome.kind === 'refused') {
        attempt.current = null;
        setSending({ state: 'refused', message: outcome.message });
        return;
      }
      // Never a made-up number: say so, and ask again with the same requestId until the hub answers.
      setSending({ state: 'unreachable' });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      if (attempt.current !== requestId) return;
    }
  };

  const body = (() => {
    switch (screen.name) {
      case 'attract':
        return <AttractScreen t={t} onStart={() => setScreen({ name: 'service' })} />;
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
            busy={sending.state === 'sending' || sending.state === 'unreachable'}
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
            entry={screen.entry}
            serviceName={serviceName(screen.entry.serviceId)}
            phone={screen.phone}
            statusUrl={screen.entry.statusUrl}
            notPrinted={notPrinted(live, screen.entry.entryId)}
            onDone={reset}
          />
        );
    }
  })();

  return (
    <Shell siteName={live.site?.name ?? ''} status={connectionMessage(t, live, sending)} languages={languages} language={language} onLanguage={setLanguage} screen={screen.name}>
      {body}
    </Shell>
  );
}

function notPrinted(live: KioskLiveState, entryId: string): boolean {
  const agent = live.agent;
  if (!agent) return false;
  if (agent.lastJob?.jobId === printJobIdOf(entryId)) return agent.lastJob.outcome === 'failed';
  return !PRINTING_STATES.has(agent.printer);
}

function connectionMessage(t: Messages, live: KioskLiveState, sending: Sending): string | null {
  if (sending.state === 'sending') return t.sending;
  if (sending.state === 'unreachable') return `${t.hubUnreachable} ${t.retrying}`;
  if (sending.state === 'refused') return t.refused(sending.message);
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
  children?: preact.ComponentChildren;
}

/** Every screen: what it shows on top, its controls low (within reach from a wheelchair), the language switch at the bottom. */
function Shell({ siteName = '', status, languages = [], language = 'en', onLanguage = () => {}, screen = 'attract', children }: ShellProps) {
  return (
    <main class={`kiosk screen-${screen}`}>
      <header class="site-name">{siteName}</header>
      {children}
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
