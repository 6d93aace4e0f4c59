/**
 * The console: sign-in until there is a session, then the screens (sites,
 * callbacks due, look-up, enrol), kept up to date by the live stream.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SessionEnd } from '../../../hub/contract/desk.ts';
import { useFromHash } from '../../../web-lib/use-hash.ts';
import { CONSOLE_ROUTES, type ConsoleSession } from '../../api.ts';
import { ConsoleApi } from './api.ts';
import { useClaimRenewal } from './claim-renewal.ts';
import { CallbacksScreen } from './components/CallbacksScreen.tsx';
import { EnrolScreen } from './components/EnrolScreen.tsx';
import { LookupScreen, LOOKUP_PHONE_ID } from './components/LookupScreen.tsx';
import { Notices, type Notice, type Notify } from './components/Notices.tsx';
import { SignIn } from './components/SignIn.tsx';
import { SitesScreen, SITES_FILTER_ID } from './components/SitesScreen.tsx';
import { SCREENS, TopBar, type Screen } from './components/TopBar.tsx';
import { useShortcuts } from './keyboard.ts';
import { useLists } from './lists.ts';
import { useLive } from './live.ts';
import { consoleLanguage, messages } from './messages.ts';
import { consoleRefusal } from './refusals.ts';

export function App() {
  /** undefined while the console asks whether this browser is signed in. */
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);
  const [signInNotice, setSignInNotice] = useState<string | null>(null);
  const api = useMemo(() => new ConsoleApi((message) => endSession(message)), []);

  function endSession(message: string) {
    api.csrfToken = null;
    setSession(null);
    setSignInNotice(message);
  }
  function startSession(info: ConsoleSession) {
    api.csrfToken = info.csrfToken;
    setSignInNotice(null);
    setSession(info);
  }

  useEffect(() => {
    void api.get<ConsoleSession>(CONSOLE_ROUTES.session).then((result) => (result.ok ? startSession(result.value) : setSession(null)));
  }, []);

  if (session === undefined) return null;
  if (session === null) {
    document.title = `${messages.signIn.title} · ${messages.appName}`;
    return <SignIn api={api} notice={signInNotice} onSignedIn={startSession} />;
  }
  return (
    <Console
      api={api}
      session={session}
      onSignOut={async () => {
        await api.delete(CONSOLE_ROUTES.session);
        endSession(sessionEnded('signed-out'));
      }}
      onSessionEnded={endSession}
    />
  );
}

interface ConsoleProps {
  api: ConsoleApi;
  session: ConsoleSession;
  onSignOut: () => void;
  onSessionEnded: (message: string) => void;
}

function Console({ api, session, onSignOut, onSessionEnded }: ConsoleProps) {
  const screen = useFromHash(hashScreen);
  const lists = useLists(api);
  useClaimRenewal(api, lists.callbacks, session.agent.id);
  const [notices, setNotices] = useState<{ ok: Notice | null; error: Notice | null }>({ ok: null, error: null });
  const noticeId = useRef(0);
  const timers = useRef<Record<'ok' | 'error', ReturnType<typeof setTimeout> | undefined>>({ ok: undefined, error: undefined });

  const notify: Notify = (kind, text) => {
    const slot = kind === 'error' ? 'error' : 'ok';
    const notice: Notice = { id: ++noticeId.current, text, ...(kind === 'info' && { tone: 'info' as const }) };
    setNotices((n) => (slot === 'ok' ? { ok: notice, error: null } : { ...n, error: notice }));
    clearTimeout(timers.current[slot]);
    timers.current[slot] = setTimeout(() => setNotices((n) => (n[slot]?.id === notice.id ? { ...n, [slot]: null } : n)), kind === 'ok' ? 6_000 : 20_000);
  };

  const connection = useLive(
    (kind) => void lists.refresh(kind),
    // The stream was refused: the session may be over (a 401 then signs out), or the console is restarting.
    () => void api.get<ConsoleSession>(CONSOLE_ROUTES.session).then((result) => !result.ok && result.status === 401 && onSessionEnded(result.error.message)),
  );

  useEffect(() => {
    document.title = `${messages.nav[screen]} · ${messages.appName}`;
  }, [screen]);

  // A field to focus once its screen is drawn: / may switch to the look-up first.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const field = focusNext.current && document.getElementById(focusNext.current);
    if (!field) return;
    focusNext.current = null;
    field.focus();
  });
  useShortcuts({
    ...Object.fromEntries(SCREENS.map((s, i) => [`screen-${i + 1}`, () => (location.hash = s)])),
    find: () => {
      // The address, not the drawn screen: a digit pressed just before has already changed it.
      const id = hashScreen() === 'sites' ? SITES_FILTER_ID : LOOKUP_PHONE_ID;
      if (document.getElementById(id)) return document.getElementById(id)!.focus();
      focusNext.current = id;
      location.hash = 'lookup';
    },
  });

  const troubled = lists.sites.filter((s) => s.link !== 'online').length;
  return (
    <div class="console">
      <TopBar
        session={session}
        connection={connection}
        screen={screen}
        badges={{
          sites: { count: troubled, words: messages.sites.problem },
          callbacks: { count: lists.callbacks.length, words: messages.callbacks.count(lists.callbacks.length) },
        }}
        onSignOut={onSignOut}
      />
      <main class="content">
        {screen === 'sites' && <SitesScreen sites={lists.sites} />}
        {screen === 'callbacks' && (
          <CallbacksScreen api={api} session={session} callbacks={lists.callbacks} sites={lists.sites} refresh={() => lists.refresh('callbacks')} notify={notify} />
        )}
        {screen === 'lookup' && <LookupScreen api={api} sites={lists.sites} notify={notify} />}
        {screen === 'enrol' && <EnrolScreen api={api} sites={lists.sites} notify={notify} />}
      </main>
      <Notices ok={notices.ok} error={notices.error} onDismiss={() => setNotices((n) => ({ ...n, error: null }))} />
    </div>
  );
}

/** The screen in the address (#sites, #callbacks, #lookup, #enrol), so a reload stays where it was. */
function hashScreen(): Screen {
  return SCREENS.find((s) => s === location.hash.slice(1)) ?? 'sites';
}

/** Why the console signed someone out, worded like the hubs' own refusal for a call after it. */
function sessionEnded(why: SessionEnd): string {
  return consoleRefusal({ reason: 'session.ended', params: { why } });
}
