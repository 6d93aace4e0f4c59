/** A small screen above one desk: the counter's name and the ticket it is calling or serving. */
import { useEffect } from 'preact/hooks';
import { nameIn } from '../../../hub/contract/names.ts';
import type { PublicCounterState } from '../../../hub/contract/views.ts';
import { sameOriginMqttUrl } from '../../../web-lib/mqtt-socket.ts';
import { useDocument } from '../../../web-lib/use-document.ts';
import { useHubConnection } from '../hooks.ts';
import { pickLanguages, type Messages } from '../i18n/index.ts';
import type { DisplaySettings } from '../settings.ts';
import { Say } from './InLanguages.tsx';
import { StatusMarks } from './StatusMarks.tsx';

export function CounterScreen({ settings, counterId }: { settings: DisplaySettings; counterId: string }) {
  const { live, connection } = useHubConnection({
    url: sameOriginMqttUrl(location),
    siteId: settings.siteId,
    device: settings.device,
    watch: { nowServing: false, services: [], counters: [counterId] },
  });
  const languages = pickLanguages(settings.languages, live.site?.languages, navigator.languages);
  const counter = live.counters[counterId];
  const named = counter ?? live.site?.counters.find((c) => c.counterId === counterId);
  const name = named ? nameIn(named, languages[0]!) : counterId;
  const unknown = live.site !== null && !live.site.counters.some((c) => c.counterId === counterId);

  useEffect(() => connection.setStatusDetail({ app: 'display', mode: 'counter', counter: counterId, languages, sound: 'unused' }));
  useDocument(languages[0]!, name);

  return (
    <div class="screen counter-screen">
      <header class="top-bar">
        <h1 class="counter-name">{name}</h1>
        <StatusMarks languages={languages} connection={live.connection} access={live.access} sound={null} />
      </header>
      <main class="counter-main">
        {counter?.ticket ? (
          <p key={counter.ticket} class="counter-ticket highlight" style={`--chars: ${counter.ticket.length}`}>
            {counter.ticket}
          </p>
        ) : (
          <p class="counter-state">
            <Say languages={languages} message={(m) => (unknown ? m.unknownIds([counterId]) : stateText(m, counter))} />
          </p>
        )}
      </main>
    </div>
  );
}

function stateText(messages: Messages, counter: PublicCounterState | undefined): string {
  if (!counter) return messages.connecting;
  if (counter.status === 'closed') return messages.counterClosed;
  if (counter.status === 'paused') return messages.counterPaused;
  return messages.counterOpen;
}
