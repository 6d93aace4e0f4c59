/**
 * Who may read and write which topic. Pure functions over the topic layout in
 * contract/topics.ts, asked by the broker's handlers.
 *
 * A subscription is allowed only when every topic its filter could ever match
 * is covered by one of the role's allowed filters, so wildcards cannot widen
 * access (`site/#` or `devices/+/jobs` are refused to a kiosk that may read
 * `devices/kiosk-1/jobs`). Only the hub publishes under public/, reply/,
 * private/ and devices/{id}/jobs; it does so through aedes.publish, which
 * does not pass through these rules.
 */
import { isCommandType, parseTopic, siteTopics } from '../contract/index.ts';
import { describeClient, type DeviceIdentity } from './callers.ts';
import { commandTypeRefusal } from './command-rights.ts';

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
  const who = describeClient(identity, clientId);
  const parsed = parseTopic(siteId, topic);
  if (!parsed || /[+#]/.test(topic)) return { ok: false, reason: `'${topic}' is not a Lobbyline topic of site ${siteId}` };
  switch (parsed.kind) {
    case 'command': {
      if (!isCommandType(parsed.type)) return { ok: false, reason: `There is no command '${parsed.type}'` };
      const refusal = commandTypeRefusal(identity, clientId, parsed.type);
      return refusal ? { ok: false, reason: refusal } : { ok: true };
    }
    case 'device-status':
      if (identity.role !== 'anonymous' && parsed.deviceId === identity.deviceId) return { ok: true };
      return { ok: false, reason: `${who} may publish only its own status, not that of '${parsed.deviceId}'` };
    case 'device-scans':
      if (identity.role === 'kiosk' && parsed.deviceId === identity.deviceId) return { ok: true };
      return { ok: false, reason: `${who} may not publish scans of '${parsed.deviceId}': only that kiosk may` };
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
