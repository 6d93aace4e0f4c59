/** Per service: how many are waiting and the estimated wait for someone joining now, as a range in minutes. */
import type { PublicServiceState } from '../../../hub/contract/views.ts';
import { InLanguages, localName, Say } from './InLanguages.tsx';

export function ServiceWaits({ services, languages }: { services: readonly PublicServiceState[]; languages: readonly string[] }) {
  return (
    <section class="waits" aria-labelledby="waits-title">
      <h2 id="waits-title" class="visually-hidden">
        <Say languages={languages} message={(m) => m.waitingTitle} />
      </h2>
      <ul class="wait-list">
        {services.map((service) => (
          <li key={service.serviceId} class="wait">
            <h3 class="wait-name">
              <InLanguages languages={languages} text={(language) => localName(service.name, language)} />
            </h3>
            <p class="wait-count">
              <span class="waiting-count">{service.waiting}</span>
              <span class="wait-label">
                <Say languages={languages} message={(m) => m.waiting} />
              </span>
            </p>
            <p class="wait-estimate">
              <Estimate service={service} languages={languages} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Estimate({ service, languages }: { service: PublicServiceState; languages: readonly string[] }) {
  const { estimate } = service;
  if (service.openCounters === 0) return <Say languages={languages} message={(m) => m.noCounterOpen} />;
  if (!estimate) return <Say languages={languages} message={(m) => m.noEstimate} />;
  const primary = languages.slice(0, 1);
  return (
    <>
      <span class="estimate-label">
        <Say languages={primary} message={(m) => m.estimatedWait} />
      </span>{' '}
      <span class="estimate-range">
        <Say languages={primary} message={(m) => m.minutes(estimate.lowMinutes, estimate.highMinutes)} />
      </span>
    </>
  );
}
