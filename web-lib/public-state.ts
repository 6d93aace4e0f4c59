/**
 * A site's retained public state as a screen follows it (the lobby display, the
 * kiosk): the site, and as asked the now-serving calls, service lines and
 * counters. Every payload is read by public-payloads.ts; one that does not read
 * (or a cleared retained message) blanks its part instead of breaking the page.
 */
import type { SiteTopics } from '../hub/contract/topics.ts';
import type { PublicCounterState, PublicNowServing, PublicServiceState, PublicSite } from '../hub/contract/views.ts';
import { readCounterState, readNowServing, readServiceState, readSite } from './public-payloads.ts';
import type { TopicReaders } from './topic-readers.ts';

export interface PublicState {
  site: PublicSite | null;
  nowServing: PublicNowServing | null;
  services: Readonly<Record<string, PublicServiceState>>;
  counters: Readonly<Record<string, PublicCounterState>>;
}

export interface Watch {
  nowServing: boolean;
  /** The service lines to read; 'site' follows the site's list of services as it changes. */
  services: readonly string[] | 'site';
  counters: readonly string[];
}

export const NO_PUBLIC_STATE: PublicState = { site: null, nowServing: null, services: {}, counters: {} };

/** Follows what `watch` asks for; `onChange` gets each part that changed, as a new object. */
export function followPublicState(readers: TopicReaders, topics: SiteTopics, watch: Watch, onChange: (change: Partial<PublicState>) => void): void {
  let services: Readonly<Record<string, PublicServiceState>> = {};
  let counters: Readonly<Record<string, PublicCounterState>> = {};
  const watchedServices = new Set<string>();

  const setService = (serviceId: string, service: PublicServiceState | null) => {
    services = withEntry(services, serviceId, service);
    onChange({ services });
  };
  const setCounter = (counterId: string, counter: PublicCounterState | null) => {
    counters = withEntry(counters, counterId, counter);
    onChange({ counters });
  };

  const followServices = (serviceIds: readonly string[]) => {
    for (const id of serviceIds) watchedServices.add(id);
    readers.follow(Object.fromEntries(serviceIds.map((id) => [topics.service(id), (payload: unknown) => setService(id, readServiceState(payload))])));
  };

  /** The site's services now: the gone ones are dropped (state included), the new ones followed. */
  const followSiteServices = (site: PublicSite) => {
    const serviceIds = site.services.map((s) => s.serviceId);
    const stale = [...watchedServices].filter((id) => !serviceIds.includes(id));
    if (stale.length > 0) {
      readers.unfollow(stale.map((id) => topics.service(id)));
      for (const id of stale) watchedServices.delete(id);
      services = Object.fromEntries(Object.entries(services).filter(([id]) => !stale.includes(id)));
      onChange({ services });
    }
    followServices(serviceIds.filter((id) => !watchedServices.has(id)));
  };

  readers.follow({
    [topics.publicSite]: (payload) => {
      const site = readSite(payload);
      onChange({ site });
      if (site && watch.services === 'site') followSiteServices(site);
    },
  });
  if (watch.nowServing) readers.follow({ [topics.nowServing]: (payload) => onChange({ nowServing: readNowServing(payload) }) });
  readers.follow(Object.fromEntries(watch.counters.map((id) => [topics.counter(id), (payload: unknown) => setCounter(id, readCounterState(payload))])));
  if (watch.services !== 'site') followServices(watch.services);
}

/** A copy of `record` with `id` set to `value`, or without it when null. */
function withEntry<T>(record: Readonly<Record<string, T>>, id: string, value: T | null): Record<string, T> {
  const copy = { ...record };
  if (value) copy[id] = value;
  else delete copy[id];
  return copy;
}
