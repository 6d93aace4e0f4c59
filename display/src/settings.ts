/**
 * What this screen shows, read from its address once at start-up:
 *
 *   site=demo-clinic        required: the site whose public topics to read
 *   mode=counter&counter=c1 one counter's current ticket, for a screen above a desk (default: the lobby)
 *   services=lab,xray       lines shown and announced (default: every service of the site)
 *   counters=c1,c2          only calls to these counters (default: all)
 *   lang=en,es              languages shown and spoken, first one primary (default: the site's)
 *   layout=portrait         or landscape (default: follows the screen)
 *   device=display-1&key=…  device credentials, so the display can publish its status;
 *                           kept in this browser after the first visit; device=none forgets them
 */
import {
  forgetCredentials,
  isId,
  keepCredentials,
  savedCredentials,
  type CredentialStore,
  type DeviceCredentials,
} from '../../web-lib/device-credentials.ts';

export type Mode = 'lobby' | 'counter';
export type Layout = 'landscape' | 'portrait' | 'auto';

export interface DisplaySettings {
  siteId: string;
  mode: Mode;
  /** The counter of counter mode. */
  counterId: string | null;
  /** null: the site's. */
  serviceIds: string[] | null;
  /** null: every counter. */
  counterIds: string[] | null;
  /** null: the site's. */
  languages: string[] | null;
  layout: Layout;
  /** null: read anonymously and publish no status. */
  device: DeviceCredentials | null;
}

export type SetupProblem =
  | { kind: 'site-missing' }
  | { kind: 'counter-missing' }
  | { kind: 'bad-parameter'; name: string }
  /** The address names a site this hub does not serve: its public topics would stay silent for ever. */
  | { kind: 'wrong-site'; siteId: string };

export type SettingsResult =
  | { ok: true; settings: DisplaySettings; /** The device key from the address is now kept in this browser. */ keySaved: boolean }
  | { ok: false; problem: SetupProblem };

const STORAGE_PREFIX = 'lobbyline.display.device.';

function idList(value: string | null): string[] | null | 'bad' {
  if (value === null || value.trim() === '') return null;
  const ids = [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))];
  return ids.every(isId) ? ids : 'bad';
}

export function readSettings(params: URLSearchParams, store: CredentialStore | null): SettingsResult {
  const siteId = params.get('site')?.trim() ?? '';
  if (!siteId) return { ok: false, problem: { kind: 'site-missing' } };
  if (!isId(siteId)) return { ok: false, problem: { kind: 'bad-parameter', name: 'site' } };

  const modeParam = params.get('mode') ?? 'lobby';
  if (modeParam !== 'lobby' && modeParam !== 'counter') return { ok: false, problem: { kind: 'bad-parameter', name: 'mode' } };
  const counterId = params.get('counter')?.trim() || null;
  if (modeParam === 'counter' && !counterId) return { ok: false, problem: { kind: 'counter-missing' } };
  if (counterId && !isId(counterId)) return { ok: false, problem: { kind: 'bad-parameter', name: 'counter' } };

  const serviceIds = idList(params.get('services'));
  if (serviceIds === 'bad') return { ok: false, problem: { kind: 'bad-parameter', name: 'services' } };
  const counterIds = idList(params.get('counters'));
  if (counterIds === 'bad') return { ok: false, problem: { kind: 'bad-parameter', name: 'counters' } };

  const languages = params.get('lang')?.split(',').map((l) => l.trim()).filter((l) => /^[a-z]{2}(-[A-Za-z]{2})?$/.test(l)) ?? [];
  const layoutParam = params.get('layout') ?? 'auto';
  if (layoutParam !== 'landscape' && layoutParam !== 'portrait' && layoutParam !== 'auto') {
    return { ok: false, problem: { kind: 'bad-parameter', name: 'layout' } };
  }

  const device = deviceCredentials(siteId, params, store);
  if (device && 'kind' in device) return { ok: false, problem: device };
  const keySaved = device !== null && params.has('key') && savedCredentials(store, STORAGE_PREFIX + siteId)?.key === device.key;

  return {
    ok: true,
    settings: {
      siteId,
      mode: modeParam,
      counterId,
      serviceIds,
      counterIds,
      languages: languages.length > 0 ? languages : null,
      layout: layoutParam,
      device,
    },
    keySaved,
  };
}

/**
 * A TV must never have to sign in again: credentials given once in the address
 * are kept in this browser's storage, per site, and used on every later start.
 */
function deviceCredentials(siteId: string, params: URLSearchParams, store: CredentialStore | null): DeviceCredentials | null | SetupProblem {
  const storageKey = STORAGE_PREFIX + siteId;
  const deviceId = params.get('device')?.trim();
  const key = params.get('key');
  if (deviceId === 'none') {
    forgetCredentials(store, storageKey);
    return null;
  }
  if (deviceId !== undefined && !isId(deviceId)) return { kind: 'bad-parameter', name: 'device' };
  if (deviceId && key) {
    keepCredentials(store, storageKey, { deviceId, key });
    return { deviceId, key };
  }
  const saved = savedCredentials(store, storageKey);
  if (!deviceId) return saved;
  return saved?.deviceId === deviceId ? saved : { kind: 'bad-parameter', name: 'key' };
}
