/**
 * Who this kiosk is: its device id and key, given once in the address
 * (`?device=kiosk-1&key=…`) and kept in this browser, so a reboot needs no
 * sign-in. `device=none` forgets them.
 */
import type { DeviceCredentials } from '../../../display/src/settings.ts';

export type { DeviceCredentials };
export { addressWithoutKey } from '../../../display/src/settings.ts';

const STORAGE_KEY = 'lobbyline.kiosk.device';

export type CredentialStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const isId = (value: string) => /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value);

export function readDevice(params: URLSearchParams, store: CredentialStore | null): DeviceCredentials | null {
  const deviceId = params.get('device')?.trim();
  const key = params.get('key');
  if (deviceId === 'none') {
    safely(() => store?.removeItem(STORAGE_KEY));
    return null;
  }
  if (deviceId && isId(deviceId) && key) {
    safely(() => store?.setItem(STORAGE_KEY, JSON.stringify({ deviceId, key })));
    return { deviceId, key };
  }
  const saved = safely(() => store?.getItem(STORAGE_KEY));
  if (!saved) return null;
  try {
    const parsed = JSON.parse(saved) as Partial<DeviceCredentials>;
    if (typeof parsed.deviceId === 'string' && isId(parsed.deviceId) && typeof parsed.key === 'string') return { deviceId: parsed.deviceId, key: parsed.key };
  } catch {
    // Unreadable: the set-up screen says what to do.
  }
  return null;
}

function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
