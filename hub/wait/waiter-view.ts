/** What one remote waiter's page shows of their own visit, and what the join page shows of the site. */
import type { WaiterView, WaitSite } from '../contract/wait.ts';
import { DEFAULT_REMOTE_WAIT, type Entry, type QueueConfig, type QueueState } from '../queue/model.ts';
import { estimateForEntry, estimateForJoiner, noCounterOpen } from '../queue/estimate.ts';
import { lineOf } from '../queue/commands/common.ts';
import { positionOf } from '../queue/views.ts';

export interface RemoteWaitSettings {
  siteName: string;
  languages: string[];
  noShowGraceMinutes: number;
}

export function waiterView(state: QueueState, config: QueueConfig, entry: Entry, settings: RemoteWaitSettings): WaiterView {
  const policy = config.remoteWait ?? DEFAULT_REMOTE_WAIT;
  const service = config.services.find((s) => s.id === entry.serviceId);
  const counter = entry.counterId ? config.counters.find((c) => c.id === entry.counterId) : undefined;
  const atCounter = entry.status === 'called' || entry.status === 'serving';
  return {
    siteName: settings.siteName,
    ticket: entry.ticket,
    serviceName: service?.name ?? { en: entry.serviceId },
    status: entry.status,
    language: entry.language,
    position: positionOf(state, entry),
    estimate: entry.status === 'waiting' ? estimateForEntry(state, config, entry) : null,
    noCounterOpen: entry.status === 'waiting' ? noCounterOpen(state, config, entry.serviceId) : null,
    counterName: counter && atCounter ? counter.name : null,
    ...(counter?.names && atCounter && { counterNames: counter.names }),
    calledAt: entry.calledAt === null ? null : new Date(entry.calledAt).toISOString(),
    onMyWay: entry.onMyWayAt !== null,
    moreTime: { places: policy.moreTimePlaces, left: Math.max(0, policy.maxMoreTime - entry.moreTimeCount) },
    graceMinutes: settings.noShowGraceMinutes,
  };
}

export function waitSite(state: QueueState, config: QueueConfig, settings: RemoteWaitSettings): WaitSite {
  const policy = config.remoteWait ?? DEFAULT_REMOTE_WAIT;
  return {
    siteName: settings.siteName,
    languages: settings.languages,
    services: config.services.map((service) => {
      const line = lineOf(state, service.id);
      const remote = line.filter((id) => state.entries[id]?.channel === 'remote').length;
      return {
        serviceId: service.id,
        name: service.name,
        waiting: line.length,
        estimate: estimateForJoiner(state, config, service.id),
        noCounterOpen: noCounterOpen(state, config, service.id),
        joinable: line.length < service.maxWaiting && remote < policy.maxRemotePerService,
      };
    }),
  };
}
