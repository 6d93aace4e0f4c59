/** What one remote waiter's page shows of their own visit, and what the join page shows of the site. */
import type { WaiterView, WaitSite } from '../contract/wait.ts';
import { DEFAULT_REMOTE_WAIT, type Entry, type QueueConfig, type QueueState } from '../queue/model.ts';
import { estimateForEntry, estimateForJoiner, noCounterOpen } from '../queue/estimate.ts';
import { lineOf } from '../queue/commands/common.ts';
import { positionOf } from '../queue/views.ts';
import { maskPhone } from '../sms/mask-phone.ts';

export interface RemoteWaitSettings {
  siteName: string;
  languages: string[];
  noShowGraceMinutes: number;
  /** The site has an SMS gateway: a number given when joining is texted. */
  sendsTexts: boolean;
}

export function waiterView(state: QueueState, config: QueueConfig, entry: Entry, settings: RemoteWaitSettings): WaiterView {
  const policy = config.remoteWait ?? DEFAULT_REMOTE_WAIT;
  const service = config.services.find((s) => s.id === entry.serviceId);
  const counter = entry.counterId ? config.counters.find((c) => c.id === entry.counterId) : undefined;
  const atCounter = entry.status === 'called' || entry.status === 'serving';
  const position = positionOf(state, entry);
  const behind = position === null ? 0 : lineOf(state, entry.serviceId).length - position;
  return {
    siteName: settings.siteName,
    ticket: entry.ticket,
    serviceName: service?.name ?? { en: entry.serviceId },
    status: entry.status,
    language: entry.language,
    position,
    estimate: entry.status === 'waiting' ? estimateForEntry(state, config, entry) : null,
    noCounterOpen: entry.status === 'waiting' ? noCounterOpen(state, config, entry.serviceId) : null,
    counterName: counter && atCounter ? counter.name : null,
    ...(counter?.names && atCounter && { counterNames: counter.names }),
    joinedAt: new Date(entry.enrolledAt).toISOString(),
    calledAt: entry.calledAt === null ? null : new Date(entry.calledAt).toISOString(),
    timeZone: config.timezone,
    onMyWay: entry.onMyWayAt !== null,
    here: hereOf(entry),
    // As far back as it would move them now: nobody behind, nowhere to go (the hub would refuse).
    moreTime: { places: Math.min(policy.moreTimePlaces, behind), left: Math.max(0, policy.maxMoreTime - entry.moreTimeCount) },
    // Their own page: masked all the same, so a phone left on a table does not give the number away.
    textsTo: settings.sendsTexts && entry.phone ? maskPhone(entry.phone) : null,
    graceMinutes: settings.noShowGraceMinutes,
    callingBack: entry.channel === 'phone',
  };
}

function hereOf(entry: Entry): WaiterView['here'] {
  if ((entry.arrivedAt ?? null) !== null) return 'said';
  const away = entry.channel === 'remote' || entry.channel === 'phone';
  return away && (entry.status === 'waiting' || entry.status === 'called') ? 'ask' : null;
}

export function waitSite(state: QueueState, config: QueueConfig, settings: RemoteWaitSettings): WaitSite {
  const policy = config.remoteWait ?? DEFAULT_REMOTE_WAIT;
  return {
    siteName: settings.siteName,
    languages: settings.languages,
    sendsTexts: settings.sendsTexts,
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
