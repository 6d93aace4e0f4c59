/**
 * The MQTT topic layout. Every part of Lobbyline builds topic strings here and
 * nowhere else, so the layout can be read (and changed) in one place.
 *
 * lobbyline/v1/{site}/public/...            retained, no personal data: TVs, remote pages
 * lobbyline/v1/{site}/command/{type}        requests from devices (payload carries a correlation id)
 * lobbyline/v1/{site}/reply/{clientId}      the hub's answer to that client's requests
 * lobbyline/v1/{site}/devices/{id}/status   retained device status, also the Last Will
 * lobbyline/v1/{site}/devices/{id}/jobs     work for one device (print jobs for a kiosk)
 * lobbyline/v1/{site}/devices/{id}/scans    what a kiosk's scanner read, from its agent to its screen
 * lobbyline/v1/{site}/private/events        the committed event stream, for staff devices
 */
export const TOPIC_ROOT = 'lobbyline/v1';

export function siteTopics(siteId: string) {
  const base = `${TOPIC_ROOT}/${siteId}`;
  return {
    base,
    publicPrefix: `${base}/public`,
    publicAll: `${base}/public/#`,
    publicSite: `${base}/public/site`,
    nowServing: `${base}/public/now-serving`,
    service: (serviceId: string) => `${base}/public/services/${serviceId}`,
    counter: (counterId: string) => `${base}/public/counters/${counterId}`,
    command: (type: string) => `${base}/command/${type}`,
    commandAll: `${base}/command/+`,
    reply: (clientId: string) => `${base}/reply/${clientId}`,
    deviceStatus: (deviceId: string) => `${base}/devices/${deviceId}/status`,
    deviceStatusAll: `${base}/devices/+/status`,
    deviceJobs: (deviceId: string) => `${base}/devices/${deviceId}/jobs`,
    deviceScans: (deviceId: string) => `${base}/devices/${deviceId}/scans`,
    events: `${base}/private/events`,
  };
}

export type SiteTopics = ReturnType<typeof siteTopics>;

/** What a concrete topic (no wildcards) means, or null when it is not ours. */
export type ParsedTopic =
  | { kind: 'public'; rest: string }
  | { kind: 'command'; type: string }
  | { kind: 'reply'; clientId: string }
  | { kind: 'device-status'; deviceId: string }
  | { kind: 'device-jobs'; deviceId: string }
  | { kind: 'device-scans'; deviceId: string }
  | { kind: 'events' };

export function parseTopic(siteId: string, topic: string): ParsedTopic | null {
  const prefix = `${TOPIC_ROOT}/${siteId}/`;
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  const [head, second, third] = parts;
  if (head === 'public' && parts.length >= 2) return { kind: 'public', rest: parts.slice(1).join('/') };
  if (head === 'command' && parts.length === 2 && second) return { kind: 'command', type: second };
  if (head === 'reply' && parts.length === 2 && second) return { kind: 'reply', clientId: second };
  if (head === 'devices' && parts.length === 3 && second) {
    if (third === 'status') return { kind: 'device-status', deviceId: second };
    if (third === 'jobs') return { kind: 'device-jobs', deviceId: second };
    if (third === 'scans') return { kind: 'device-scans', deviceId: second };
  }
  if (head === 'private' && second === 'events' && parts.length === 2) return { kind: 'events' };
  return null;
}
