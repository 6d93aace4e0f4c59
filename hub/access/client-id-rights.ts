/**
 * Which MQTT client ids a client may use. Devices name their connections after
 * themselves (`kiosk-1-agent`, `kiosk-1-screen-…`, `display-1-…`, a counter
 * button's id itself), and MQTT hands a session, its queued messages and its
 * replies to whoever connects with its client id [MQTT-3.1.4-2]. So a client id
 * that is a device's id, or starts with it and '-', belongs to that device:
 * nobody else may take it, and the device itself always may.
 */
import type { DeviceIdentity } from './callers.ts';

/**
 * The device a client id is reserved for, if any: the longest device id that
 * the client id equals or starts with followed by '-'. `isDeviceId` asks the
 * site file.
 */
export function clientIdOwner(clientId: string, isDeviceId: (id: string) => boolean): string | undefined {
  if (isDeviceId(clientId)) return clientId;
  for (let end = clientId.lastIndexOf('-'); end > 0; end = clientId.lastIndexOf('-', end - 1)) {
    const prefix = clientId.slice(0, end);
    if (isDeviceId(prefix)) return prefix;
  }
  return undefined;
}

/** Why this client may not connect with this client id, or null when it may. */
export function clientIdRefusal(identity: DeviceIdentity, clientId: string, isDeviceId: (id: string) => boolean): string | null {
  const owner = clientIdOwner(clientId, isDeviceId);
  if (owner === undefined || owner === identity.deviceId) return null;
  return `Client id ${clientId} belongs to device ${owner}`;
}
