/**
 * A device's id and key (a lobby TV, a kiosk screen), given once in the page's
 * address and kept in this browser, so a reboot never needs someone to sign in again.
 */
export interface DeviceCredentials {
  deviceId: string;
  key: string;
}

/** The part of Storage used here, so tests and private windows without storage work alike. */
export type CredentialStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Ids become MQTT topic levels: one level, no wildcards. */
export function isId(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value);
}

/** This browser's storage, or null where it is refused (private windows, some kiosk lock-downs). */
export function browserStore(): CredentialStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Credentials kept in this browser under `storageKey`, or null when none are readable. */
export function savedCredentials(store: CredentialStore | null, storageKey: string): DeviceCredentials | null {
  const saved = safely(() => store?.getItem(storageKey));
  if (!saved) return null;
  try {
    const parsed = JSON.parse(saved) as Partial<DeviceCredentials>;
    if (typeof parsed.deviceId === 'string' && isId(parsed.deviceId) && typeof parsed.key === 'string') {
      return { deviceId: parsed.deviceId, key: parsed.key };
    }
  } catch {
    // Unreadable: run anonymously rather than not at all.
  }
  return null;
}

export function keepCredentials(store: CredentialStore | null, storageKey: string, credentials: DeviceCredentials): void {
  safely(() => store?.setItem(storageKey, JSON.stringify(credentials)));
}

export function forgetCredentials(store: CredentialStore | null, storageKey: string): void {
  safely(() => store?.removeItem(storageKey));
}

/** The address without the device key, once it is kept in storage: not left on screen or in the history. */
export function addressWithoutKey(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('key');
  return url.toString();
}

/** Storage throws when it is disabled or full; the device then simply does not remember. */
function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
