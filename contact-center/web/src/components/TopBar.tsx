/** The bar across the top: the live connection, who is signed in, the language, and the screens with their keys. */
import type { ConsoleSession } from '../../../api.ts';
import type { Connection } from '../live.ts';
import { messages } from '../messages.ts';
import { Kbd } from './Kbd.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export const SCREENS = ['sites', 'callbacks', 'lookup', 'enrol'] as const;
export type Screen = (typeof SCREENS)[number];

interface Props {
  session: ConsoleSession;
  connection: Connection;
  screen: Screen;
  /** A count beside a screen's name, when it has one worth seeing (callbacks due, sites in trouble). */
  badges: Partial<Record<Screen, { count: number; words: string }>>;
  onSignOut: () => void;
}

export function TopBar({ session, connection, screen, badges, onSignOut }: Props) {
  return (
    <header class="top">
      <div class="top-bar">
        <p class="app-name">{messages.appName}</p>
        <p class={`live live-${connection}`} role="status">
          <span class="dot" aria-hidden="true" />
          {messages.live[connection]}
        </p>
        <p class="signed-in-as">{messages.signedInAs(session.agent.name)}</p>
        <LanguageSwitch />
        <button type="button" class="quiet-on-dark" onClick={onSignOut}>
          {messages.signOut}
        </button>
      </div>
      <nav class="toolbar" aria-label={messages.nav.label}>
        {SCREENS.map((s, i) => {
          const badge = badges[s];
          return (
            <a key={s} href={`#${s}`} aria-current={screen === s ? 'page' : undefined} aria-keyshortcuts={String(i + 1)}>
              <Kbd keys={String(i + 1)} />
              {messages.nav[s]}
              {badge && badge.count > 0 && (
                <span class="badge">
                  {badge.count}
                  <span class="visually-hidden"> ({badge.words})</span>
                </span>
              )}
            </a>
          );
        })}
      </nav>
    </header>
  );
}
