/** Picks the screen from the address: the lobby, one counter, or what is missing to set it up. */
import { CounterScreen } from './components/CounterScreen.tsx';
import { LobbyScreen } from './components/LobbyScreen.tsx';
import { SetupNeeded } from './components/SetupNeeded.tsx';
import type { SettingsResult } from './settings.ts';

export function App({ settings }: { settings: SettingsResult }) {
  if (!settings.ok) return <SetupNeeded problem={settings.problem} />;
  const { mode, counterId } = settings.settings;
  if (mode === 'counter' && counterId) return <CounterScreen settings={settings.settings} counterId={counterId} />;
  return <LobbyScreen settings={settings.settings} />;
}
