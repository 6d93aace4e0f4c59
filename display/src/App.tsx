/** Picks the screen from the address: the lobby, one counter, or what is missing to set it up. */
import { CounterScreen } from './components/CounterScreen.tsx';
import { LobbyScreen } from './components/LobbyScreen.tsx';
import { SetupNeeded } from './components/SetupNeeded.tsx';
import { useHubSiteId } from './hooks.ts';
import type { SettingsResult } from './settings.ts';

export function App({ settings }: { settings: SettingsResult }) {
  const hubSiteId = useHubSiteId();
  if (!settings.ok) return <SetupNeeded problem={settings.problem} hubSiteId={hubSiteId} />;
  const { siteId, mode, counterId } = settings.settings;
  if (hubSiteId !== null && hubSiteId !== siteId) return <SetupNeeded problem={{ kind: 'wrong-site', siteId }} hubSiteId={hubSiteId} />;
  if (mode === 'counter' && counterId) return <CounterScreen settings={settings.settings} counterId={counterId} />;
  return <LobbyScreen settings={settings.settings} />;
}
