/** The lobby TV: the newest call very large, the calls before it, and the waits per service. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CallWatcher, callsShown } from '../calls.ts';
import { sameOriginMqttUrl } from '../../../web-lib/mqtt-socket.ts';
import { useDocument } from '../../../web-lib/use-document.ts';
import { useAnnouncer, useHubConnection, usePortrait } from '../hooks.ts';
import { messagesFor, pickLanguages } from '../i18n/index.ts';
import type { DisplaySettings } from '../settings.ts';
import { EnableSound } from './EnableSound.tsx';
import { LatestCall } from './LatestCall.tsx';
import { RecentCalls } from './RecentCalls.tsx';
import { ServiceWaits } from './ServiceWaits.tsx';
import { StatusMarks } from './StatusMarks.tsx';
import { Say } from './InLanguages.tsx';

/** Calls listed under the newest one (the hub keeps ten); the screen shows as many as fit whole. */
const RECENT_LISTED = 9;

export function LobbyScreen({ settings }: { settings: DisplaySettings }) {
  const { live, connection } = useHubConnection({
    url: sameOriginMqttUrl(location),
    siteId: settings.siteId,
    device: settings.device,
    watch: { nowServing: true, services: settings.serviceIds ?? 'site', counters: [] },
  });
  const { site, nowServing } = live;
  const languages = pickLanguages(settings.languages, site?.languages, navigator.languages);
  const portrait = usePortrait();
  const layout = settings.layout === 'auto' ? (portrait ? 'portrait' : 'landscape') : settings.layout;
  const { announcer, sound } = useAnnouncer(languages);

  const calls = useMemo(
    () => callsShown(nowServing?.calls ?? [], { serviceIds: settings.serviceIds, counterIds: settings.counterIds }),
    [nowServing, settings],
  );
  const [watcher] = useState(() => new CallWatcher());
  useEffect(() => {
    if (!nowServing) return;
    for (const announcement of watcher.update(calls)) announcer?.announce(announcement);
  }, [calls]);

  const serviceIds = settings.serviceIds ?? site?.services.map((s) => s.serviceId) ?? [];
  const services = serviceIds.flatMap((id) => live.services[id] ?? []);
  const unknownIds = site
    ? [
        ...(settings.serviceIds ?? []).filter((id) => !site.services.some((s) => s.serviceId === id)),
        ...(settings.counterIds ?? []).filter((id) => !site.counters.some((c) => c.counterId === id)),
      ]
    : [];

  // Every render: the connection publishes only when the detail has changed.
  useEffect(() =>
    connection.setStatusDetail({
      app: 'display',
      mode: 'lobby',
      layout,
      languages,
      services: serviceIds,
      counters: settings.counterIds ?? 'all',
      sound: sound ?? 'starting',
    }),
  );
  useDocument(languages[0]!, site ? `${messagesFor(languages[0]!).nowServing} · ${site.name}` : messagesFor(languages[0]!).nowServing);

  return (
    <div class="screen lobby" data-layout={layout}>
      <header class="top-bar">
        {/* The screen's one heading from the start: the site's name once known. */}
        <h1 class={site ? 'site-name' : 'visually-hidden'}>{site ? site.name : messagesFor(languages[0]!).nowServing}</h1>
        <StatusMarks languages={languages} connection={live.connection} access={live.access} sound={sound} />
        {sound === 'blocked' && announcer && <EnableSound languages={languages} onEnable={() => announcer.enable()} />}
      </header>
      <main class="lobby-main">
        <LatestCall call={calls[0]} known={nowServing !== null} languages={languages} />
        <RecentCalls calls={calls.slice(1, 1 + RECENT_LISTED)} languages={languages} />
        <ServiceWaits services={services} languages={languages} />
      </main>
      {unknownIds.length > 0 && (
        <p class="setup-warning">
          <Say languages={languages.slice(0, 1)} message={(m) => m.unknownIds(unknownIds)} />
        </p>
      )}
    </div>
  );
}
