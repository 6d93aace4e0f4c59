import type { NoCounterOpen, PublicServiceState, PublicSite } from '../../../../hub/contract/views.ts';
import { clockTime } from '../../../../web-lib/clock-time.ts';
import type { Messages } from '../i18n/index.ts';
import { ServiceIcon } from './ServiceIcon.tsx';

interface Props {
  t: Messages;
  language: string;
  site: PublicSite;
  services: Readonly<Record<string, PublicServiceState>>;
  onChoose: (serviceId: string) => void;
  onBack: () => void;
}

export function ServiceScreen({ t, language, site, services, onChoose, onBack }: Props) {
  return (
    <>
      <div class="info">
        <h1>{t.chooseService}</h1>
      </div>
      <div class="controls">
        <ul class="services">
          {site.services.map((service) => {
            const live = services[service.serviceId];
            const name = service.name[language] ?? service.name.en ?? service.serviceId;
            return (
              <li key={service.serviceId}>
                <button type="button" class="service" onClick={() => onChoose(service.serviceId)}>
                  <ServiceIcon serviceId={service.serviceId} />
                  <span class="service-text">
                    <span class="service-name">{name}</span>
                    {live && (
                      <span class="service-wait">
                        {t.waitingCount(live.waiting)} ·{' '}
                        {live.noCounterOpen ? closedWords(t, language, live.noCounterOpen) : live.estimate ? `${t.estimatedWait}: ${t.minutes(live.estimate.lowMinutes, live.estimate.highMinutes)}` : t.noEstimate}
                      </span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" class="secondary" onClick={onBack}>
          {t.back}
        </button>
      </div>
    </>
  );
}

/** On a service's card: no counter open yet, and when counters usually open. */
function closedWords(t: Messages, language: string, closed: NoCounterOpen): string {
  return closed.usuallyOpensAt ? `${t.noCounterOpenShort} · ${t.usuallyOpens(clockTime(closed.usuallyOpensAt, language))}` : t.noCounterOpenShort;
}
