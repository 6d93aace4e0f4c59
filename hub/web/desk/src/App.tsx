/**
 * The desk: sign-in until there is a session, then the chosen counter's line,
 * the activity list, the alerts and (for managers) the staff accounts.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeskBoard, DeskSite, SessionEnd, SessionInfo } from '../../../contract/desk.ts';
import { describeRefusal } from '../../../../web-lib/refusals/index.ts';
import { useFromHash } from '../../../../web-lib/use-hash.ts';
import { useDeskActions, type Notify } from './actions.ts';
import { DeskApi } from './api.ts';
import { ActivityScreen } from './components/ActivityScreen.tsx';
import { ReportsScreen } from './components/ReportsScreen.tsx';
import { AlertsScreen } from './components/AlertsScreen.tsx';
import { ChangePassword } from './components/ChangePassword.tsx';
import { CounterPicker } from './components/CounterPicker.tsx';
import { LineScreen } from './components/LineScreen.tsx';
import { Notices, type Notice } from './components/Notices.tsx';
import { SignIn } from './components/SignIn.tsx';
import { StaffScreen } from './components/StaffScreen.tsx';
import { TopBar, type View } from './components/TopBar.tsx';
import { SiteTimeZone } from './format.ts';
import { useLive, useNow } from './live.ts';
import { deskLanguage, messages } from './messages.ts';
import { counterName, kioskName, serviceName } from './names.ts';

const COUNTER_KEY = 'lobbyline.desk.counter';

export function App() {
  /** undefined while the desk asks the hub whether this browser is signed in. */
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [signInNotice, setSignInNotice] = useState<string | null>(null);
  const api = useMemo(() => new DeskApi((message) => endSession(message)), []);

  function endSession(message: string) {
    api.csrfToken = null;
    setSession(null);
    setSignInNotice(message);
  }
  function startSession(info: SessionInfo) {
    api.csrfToken = info.csrfToken;
    setSignInNotice(null);
    setSession(info);
  }

  useEffect(() => {
    void api.get<SessionInfo>('/session').then((result) => (result.ok ? startSession(result.value) : setSession(null)));
  }, []);

  if (session === undefined) return null;
  if (session === null) {
    document.title = `${messages.signIn.title} · ${messages.appName}`;
    return <SignIn api={api} notice={signInNotice} onSignedIn={startSession} />;
  }
  if (session.mustChangePassword) {
    document.title = `${messages.changePassword.title} · ${messages.appName}`;
    return (
      <main class="sign-in">
        <div class="sign-in-card">
          <ChangePassword api={api} mustChange minLength={session.minPasswordLength} onChanged={() => startSession({ ...session, mustChangePassword: false })} />
          <button
            type="button"
            onClick={async () => {
              await api.delete('/session');
              endSession(sessionEnded('signed-out'));
            }}
          >
            {messages.signOut}
          </button>
        </div>
      </main>
    );
  }
  return <Desk api={api} session={session} onSessionEnded={endSession} />;
}

function Desk({ api, session, onSessionEnded }: { api: DeskApi; session: SessionInfo; onSessionEnded: (message: string) => void }) {
  const [site, setSite] = useState<DeskSite | null>(null);
  const [counterId, setCounterId] = useState<string | null>(() => localStorage.getItem(COUNTER_KEY));
  const view = useHashView(session.staff.role === 'manager');
  const [notices, setNotices] = useState<{ ok: Notice | null; error: Notice | null }>({ ok: null, error: null });
  const noticeId = useRef(0);
  const timers = useRef<Record<'ok' | 'error', ReturnType<typeof setTimeout> | undefined>>({ ok: undefined, error: undefined });

  const notify: Notify = (kind, text, undo) => {
    const notice = { id: ++noticeId.current, text, ...(undo && { undo }) };
    setNotices((n) => (kind === 'ok' ? { ok: notice, error: null } : { ...n, error: notice }));
    clearTimeout(timers.current[kind]);
    // An undo stays on offer for the site's window, until the next thing the desk reports replaces it.
    const shownMs = undo && site ? site.undoMinutes * 60_000 : kind === 'ok' ? 5_000 : 15_000;
    timers.current[kind] = setTimeout(() => setNotices((n) => (n[kind]?.id === notice.id ? { ...n, [kind]: null } : n)), shownMs);
  };
  const undoLast = () => (notices.ok?.undo ? notices.ok.undo() : notify('error', messages.results.nothingToUndo));

  const live = useLive(true, (reason) => {
    if (reason) return onSessionEnded(sessionEnded(reason));
    // The stream was refused: either the session is over or the hub is restarting.
    void api.get<SessionInfo>('/session', { background: true }).then((result) => {
      if (!result.ok && result.status === 401) onSessionEnded(result.error.message);
    });
  });
  const now = useNow(live.skewMs);
  const actions = useDeskActions(api, notify, (id) => (site ? serviceName(site, id) : id), {
    patch: live.patchBoard,
    reload: () => void api.get<DeskBoard>('/board', { background: true }).then((b) => b.ok && live.setBoard(b.value)),
  });

  useEffect(() => {
    void api.get<DeskSite>('/site').then((result) => result.ok && setSite(result.value));
  }, []);

  const known = site && counterId && site.counters.some((c) => c.counterId === counterId) ? counterId : null;
  const counter = known ? (live.board?.counters.find((c) => c.counterId === known) ?? null) : null;
  const pickCounter = (id: string) => {
    localStorage.setItem(COUNTER_KEY, id);
    setCounterId(id);
  };

  useEffect(() => {
    const where =
      view === 'line' ? (known && site ? counterName(site, known) : messages.counter.pickTitle) : view === 'password' ? messages.changePassword.title : messages.nav[view];
    document.title = `${where} · ${messages.appName}`;
  }, [view, known, site]);

  if (!site) return null;
  return (
    <SiteTimeZone.Provider value={site.timeZone}>
    <div class="desk">
      <TopBar
        site={site}
        staff={session.staff}
        connection={live.connection}
        view={view}
        alertCount={live.alerts?.problems.length ?? 0}
        counter={counter}
        onCounterChange={pickCounter}
        onCounterStatus={(status) => counter && actions.setCounterStatus(counter, status)}
        onSignOut={async () => {
          await api.delete('/session');
          onSessionEnded(sessionEnded('signed-out'));
        }}
      />
      <main class="content">
        {view === 'line' && !known && <CounterPicker site={site} board={live.board} onPick={pickCounter} />}
        {view === 'line' && known && live.board && (
          <LineScreen api={api} site={site} board={live.board} counterId={known} now={now} actions={actions} notify={notify} onUndo={undoLast} />
        )}
        {view === 'activity' && <ActivityScreen api={api} site={site} seq={live.board?.seq ?? 0} now={now} notify={notify} onUndo={actions.undo} />}
        {view === 'alerts' && (
          <AlertsScreen
            alerts={live.alerts}
            now={now}
            scannerSetupKiosks={site.kiosks.filter((k) => k.scannerSetup).map((k) => k.deviceId)}
            phonesJoinAt={site.phonesJoinAt}
            onPrintScannerSetup={(kioskId) =>
              void api
                .post<{ jobId: string }>(`/kiosks/${encodeURIComponent(kioskId)}/scanner-setup`)
                .then((result) => (result.ok ? notify('ok', messages.alerts.scannerSetupSent(kioskName(site, kioskId))) : notify('error', result.error.message)))
            }
          />
        )}
        {view === 'reports' && <ReportsScreen api={api} site={site} notify={notify} />}
        {view === 'staff' && <StaffScreen api={api} me={session.staff} notify={notify} />}
        {view === 'password' && (
          <section class="screen">
            <ChangePassword
              api={api}
              mustChange={false}
              minLength={session.minPasswordLength}
              onChanged={() => {
                notify('ok', messages.changePassword.changed);
                location.hash = 'line';
              }}
            />
          </section>
        )}
      </main>
      <Notices ok={notices.ok} error={notices.error} undoKey={view === 'line' && known !== null} onDismiss={() => setNotices((n) => ({ ...n, error: null }))} />
    </div>
    </SiteTimeZone.Provider>
  );
}

/** The section in the address (#line, #activity, #alerts, #staff, #password), so a reload stays where it was. */
function useHashView(manager: boolean): View {
  const read = (): View => {
    const hash = location.hash.slice(1);
    if (hash === 'activity' || hash === 'alerts' || hash === 'password') return hash;
    if ((hash === 'staff' || hash === 'reports') && manager) return hash;
    return 'line';
  };
  return useFromHash(read, [manager]);
}

/** Why the desk signed someone out, worded like the hub's own refusal for a call after it. */
function sessionEnded(why: SessionEnd): string {
  return describeRefusal({ reason: 'session.ended', params: { why } }, deskLanguage);
}
