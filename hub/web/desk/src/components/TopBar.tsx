/** The bar across the top: site, live connection, who is signed in, sections, counter and its status. */
import type { CounterStatus } from '../../../../contract/index.ts';
import type { DeskCounter, DeskSite, StaffMember } from '../../../../contract/desk.ts';
import type { Connection } from '../live.ts';
import { messages } from '../messages.ts';
import { counterName } from '../names.ts';
import { LanguageToggle } from './LanguageToggle.tsx';

export type View = 'line' | 'activity' | 'alerts' | 'reports' | 'staff' | 'password';

interface Props {
  site: DeskSite;
  staff: StaffMember;
  connection: Connection;
  view: View;
  alertCount: number;
  counter: DeskCounter | null;
  onCounterChange: (counterId: string) => void;
  onCounterStatus: (status: CounterStatus) => void;
  onSignOut: () => void;
}

export function TopBar({ site, staff, connection, view, alertCount, counter, onCounterChange, onCounterStatus, onSignOut }: Props) {
  const nav = messages.nav;
  const views: Exclude<View, 'password'>[] = staff.role === 'manager' ? ['line', 'activity', 'alerts', 'reports', 'staff'] : ['line', 'activity', 'alerts'];
  return (
    <header class="top">
      <div class="top-bar">
        <p class="brand">
          <span class="app-name">{messages.appName}</span>
          <span class="site-name">{site.name}</span>
        </p>
        <p class={`live live-${connection}`} role="status">
          <span class="dot" aria-hidden="true" />
          {messages.live[connection]}
        </p>
        <p class="signed-in-as">{messages.signedInAs(staff.name)}</p>
        <LanguageToggle className="quiet-on-dark" />
        <a class="quiet-on-dark" href="#password" aria-current={view === 'password' ? 'page' : undefined}>
          {messages.changePassword.link}
        </a>
        <button type="button" class="quiet-on-dark" onClick={onSignOut}>
          {messages.signOut}
        </button>
      </div>
      <div class="toolbar">
        <nav aria-label={nav.label}>
          {views.map((v) => (
            <a key={v} href={`#${v}`} aria-current={view === v ? 'page' : undefined}>
              {nav[v]}
              {v === 'alerts' && alertCount > 0 && (
                <span class="badge">
                  {alertCount}
                  <span class="visually-hidden"> ({messages.alertsBadge(alertCount)})</span>
                </span>
              )}
            </a>
          ))}
        </nav>
        {counter && (
          <div class="counter-controls">
            <label for="counter-select">{messages.counter.label}</label>
            <select id="counter-select" value={counter.counterId} onChange={(event) => onCounterChange(event.currentTarget.value)}>
              {site.counters.map((c) => (
                <option key={c.counterId} value={c.counterId}>
                  {counterName(site, c.counterId)}
                </option>
              ))}
            </select>
            <div class="segmented" role="group" aria-label={messages.counter.statusLabel}>
              {(Object.keys(messages.counter.status) as CounterStatus[]).map((status) => (
                <button
                  key={status}
                  type="button"
                  class={`status-${status}`}
                  aria-pressed={counter.status === status}
                  onClick={() => counter.status !== status && onCounterStatus(status)}
                >
                  {messages.counter.status[status]}
                </button>
              ))}
            </div>
          </div>
        )}
      </div>
    </header>
  );
}
