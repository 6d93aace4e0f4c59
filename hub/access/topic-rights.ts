/**
 * Who may read and write which topic. Pure functions over the topic layout in
 * contract/topics.ts; the broker handlers and the command gateway both ask here.
 *
 * A subscription is allowed only when every topic its filter could ever match
 * is covered by one of the role's allowed filters, so wildcards cannot widen
 * access (`site/#` or `devices/+/jobs` are refused to a kiosk that may read
 * `devices/kiosk-1/jobs`). Only the hub publishes under public/, reply/,
 * private/ and devices/{id}/jobs; it does so through aedes.publish, which
 * does not pass through these rules.
 */
import { COMMAND_TYPES, isCommandType, parseTopic, siteTopics, type CommandType } from '../contract/index.ts';
import type { DeviceRole } from '../contract/roles.ts';

export type Role = DeviceRole | 'anonymous';

export interface DeviceIdentity {
  /** The device's id from the site file (its MQTT username); empty for anonymous clients. */
  deviceId: string;
  role: Role;
  /** For a counter button: the one counter it acts for. */
  counterId?: string;
}

export const ANONYMOUS: DeviceIdentity = Object.freeze({ deviceId: '', role: 'anonymous' as const });

export const COMMANDS_BY_ROLE: Record<Role, readonly CommandType[]> = {
  anonymous: [],
  display: [],
  kiosk: ['enroll', 'check-in', 'reprint'],
  counter: ['call-next', 'recall', 'start-serving', 'complete', 'no-show', 'set-counter-status'],
  desk: COMMAND_TYPES,
  mirror: ['enroll', 'cancel', 'check-in', 'start-serving', 'complete', 'no-show'],
};

export type PublishDecision = { ok: true } | { ok: false; reason: string };

/** The topic filters a client may subscribe to (or to any narrower filter). */
export function allowedFilters(siteId: string, identity: DeviceIdentity, clientId: string): string[] {
  const topics = siteTopics(siteId);
  const filters = [topics.publicAll];
  if (identity.role === 'anonymous') return filters;
  if (isTopicLevel(clientId)) filters.push(topics.reply(clientId));
  switch (identity.role) {
    case 'kiosk':
      // Its own status and scans too: the kiosk screen learns from its agent whether the ticket can be printed, and what was scanned.
      if (isTopicLevel(identity.deviceId)) {
        filters.push(topics.deviceJobs(identity.deviceId), topics.deviceStatus(identity.deviceId), topics.deviceScans(identity.deviceId));
      }
      break;
    case 'desk':
      filters.push(topics.events, topics.deviceStatusAll);
      break;
    case 'mirror':
      filters.push(topics.events);
      break;
    case 'display':
    case 'counter':
      break;
  }
  return filters;
}

export function canSubscribe(siteId: string, identity: DeviceIdentity, clientId: string, topicFilter: string): boolean {
  return allowedFilters(siteId, identity, clientId).some((allowed) => filterCovers(allowed, topicFilter));
}

export function canPublish(siteId: string, identity: DeviceIdentity, clientId: string, topic: string): PublishDecision {
  const who = identity.role === 'anonymous' ? `anonymous client ${clientId}` : `device ${identity.deviceId} (${identity.role})`;
  const parsed = parseTopic(siteId, topic);
  if (!parsed || /[+#]/.test(topic)) return { ok: false, reason: `'${topic}' is not a Lobbyline topic of site ${siteId}` };
  switch (parsed.kind) {
    case 'command':
      if (!isCommandType(parsed.type)) return { ok: false, reason: `There is no command '${parsed.type}'` };
      if (!COMMANDS_BY_ROLE[identity.role].includes(parsed.type)) {
        return { ok: false, reason: `${capitalize(who)} may not issue ${parsed.type}` };
      }
      return { ok: true };
    case 'device-status':
      if (identity.role !== 'anonymous' && parsed.deviceId === identity.deviceId) return { ok: true };
      return { ok: false, reason: `${capitalize(who)} may publish only its own status, not that of '${parsed.deviceId}'` };
    case 'device-scans':
      if (identity.role === 'kiosk' && parsed.deviceId === identity.deviceId) return { ok: true };
      return { ok: false, reason: `${capitalize(who)} may not publish scans of '${parsed.deviceId}': only that kiosk may` };
    case 'public':
    case 'reply':
    case 'events':
    case 'device-jobs':
      return { ok: false, reason: `Only the hub publishes to ${topic}` };
  }
}

/**
 * True when every topic matched by `requested` is also matched by `allowed`.
 * Both are MQTT topic filters; a filter without wildcards is a single topic.
 * `a/#` also matches `a` itself (MQTT 3.1.1 §4.7.1.2).
 */
export function filterCovers(allowed: string, requested: string): boolean {
  const want = allowed.split('/');
  const asked = requested.split('/');
  for (let i = 0; i < want.length; i++) {
    const level = want[i];
    if (level === '#') return true;
    const askedLevel = asked[i];
    if (askedLevel === undefined || askedLevel === '#') return false;
    if (level === '+') continue;
    if (askedLevel === '+' || askedLevel !== level) return false;
  }
  return asked.length === want.length;
}

/** A non-empty topic level with no separators or wildcards: safe to put in a filter. */
export function isTopicLevel(value: string): boolean {
  return value.length > 0 && !/[/+#\u0000]/.test(value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
