/**
 * Who this kiosk is: its device id and key, given once in the address
 * (`?device=kiosk-1&key=…`) and kept in this browser, so a reboot needs no
 * sign-in. `device=none` forgets them.
 */
import {
  forgetCredentials,
  isId,
  keepCredentials,
  savedCredentials,
  type CredentialStore,
  type DeviceCredentials,
} from '../../../web-lib/device-credentials.ts';

const STORAGE_KEY = 'lobbyline.kiosk.device';

export function readDevice(params: URLSearchParams, store: CredentialStore | null): DeviceCredentials | null {
  const deviceId = params.get('device')?.trim();
  const key = params.get('key');
  if (deviceId === 'none') {
    forgetCredentials(store, STORAGE_KEY);
    return null;
  }
  if (deviceId && isId(deviceId) && key) {
    keepCredentials(store, STORAGE_KEY, { deviceId, key });
    return { deviceId, key };
  }
  return savedCredentials(store, STORAGE_KEY);
}

/** How long a screen stays untouched before the kiosk starts over: the ticket is read quickly, choices take longer. */
export interface IdleTimes {
  ticket: number;
  other: number;
}

export const DEFAULT_IDLE_MS: IdleTimes = { ticket: 20_000, other: 45_000 };

/** `?idle=5` (seconds, 1 to 600) shortens or lengthens every screen's wait alike: for trials, and tests. */
export function readIdleTimes(params: URLSearchParams): IdleTimes {
  const seconds = Number(params.get('idle'));
  if (!params.has('idle') || !Number.isInteger(seconds) || seconds < 1 || seconds > 600) return DEFAULT_IDLE_MS;
  return { ticket: seconds * 1_000, other: seconds * 1_000 };
}
