/**
 * Reads the hub's public payloads (types from hub/contract/views.ts) defensively:
 * a TV runs for days, and one malformed retained message must blank a panel,
 * not crash the page. Anything that does not look like the contract is null.
 */
import type { PublicCall, PublicCounterState, PublicNowServing, PublicServiceState, PublicSite } from '../hub/contract/views.ts';
import { isTimeZone } from './site-time.ts';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isNames = (value: unknown): value is Record<string, string> => isObject(value) && Object.values(value).every(isString);

export function readSite(payload: unknown): PublicSite | null {
  if (!isObject(payload) || !isString(payload.siteId) || !isString(payload.name) || !isTimeZone(payload.timeZone)) return null;
  const { languages, services, counters } = payload;
  if (!Array.isArray(languages) || !Array.isArray(services) || !Array.isArray(counters)) return null;
  return {
    siteId: payload.siteId,
    name: payload.name,
    languages: languages.filter(isString),
    timeZone: payload.timeZone,
    services: services.filter(
      (s): s is PublicSite['services'][number] => isObject(s) && isString(s.serviceId) && isNames(s.name) && isString(s.prefix),
    ),
    counters: counters.filter(
      (c): c is PublicSite['counters'][number] =>
        isObject(c) && isString(c.counterId) && isString(c.name) && (c.names === undefined || isNames(c.names)) && Array.isArray(c.serviceIds),
    ),
  };
}

function isCall(value: unknown): value is PublicCall {
  return (
    isObject(value) &&
    isString(value.ticket) &&
    isString(value.serviceId) &&
    isString(value.counterId) &&
    isString(value.counterName) &&
    (value.counterNames === undefined || isNames(value.counterNames)) &&
    isString(value.calledAt) &&
    isCount(value.recalls)
  );
}

export function readNowServing(payload: unknown): PublicNowServing | null {
  if (!isObject(payload) || !Array.isArray(payload.calls)) return null;
  return { calls: payload.calls.filter(isCall), updatedAt: isString(payload.updatedAt) ? payload.updatedAt : '' };
}

export function readServiceState(payload: unknown): PublicServiceState | null {
  if (!isObject(payload) || !isString(payload.serviceId) || !isNames(payload.name) || !isCount(payload.waiting)) return null;
  const { estimate, noCounterOpen } = payload;
  const validEstimate = isObject(estimate) && isCount(estimate.lowMinutes) && isCount(estimate.highMinutes);
  const opensAt = isObject(noCounterOpen) && isString(noCounterOpen.usuallyOpensAt) ? noCounterOpen.usuallyOpensAt : null;
  return {
    serviceId: payload.serviceId,
    name: payload.name,
    prefix: isString(payload.prefix) ? payload.prefix : '',
    waiting: payload.waiting,
    openCounters: isCount(payload.openCounters) ? payload.openCounters : 0,
    estimate: validEstimate ? { lowMinutes: estimate.lowMinutes as number, highMinutes: estimate.highMinutes as number } : null,
    noCounterOpen: isObject(noCounterOpen) ? { usuallyOpensAt: opensAt } : null,
    updatedAt: isString(payload.updatedAt) ? payload.updatedAt : '',
  };
}

export function readCounterState(payload: unknown): PublicCounterState | null {
  if (!isObject(payload) || !isString(payload.counterId) || !isString(payload.name)) return null;
  const { status } = payload;
  if (status !== 'open' && status !== 'paused' && status !== 'closed') return null;
  return {
    counterId: payload.counterId,
    name: payload.name,
    ...(isNames(payload.names) && { names: payload.names }),
    status,
    ticket: isString(payload.ticket) ? payload.ticket : null,
    serviceId: isString(payload.serviceId) ? payload.serviceId : null,
    updatedAt: isString(payload.updatedAt) ? payload.updatedAt : '',
  };
}
