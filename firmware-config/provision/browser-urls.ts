/**
 * The addresses the kiosk and lobby screens open: the hub's web apps with the
 * device's sign-in. The display's options come from the site file
 * (display/README.md lists the parameters). The key is a secret: these
 * addresses go to the browser's environment file, never into a unit.
 */
import type { DeviceConfig, SiteConfig } from '../../hub/site/config.ts';
import { httpUrl, type HubAddress } from './hub-address.ts';

export function kioskUrl(hub: HubAddress, device: DeviceConfig, password: string): string {
  const url = new URL(`${httpUrl(hub)}/kiosk/`);
  url.search = new URLSearchParams({ device: device.id, key: password }).toString();
  return url.toString();
}

/** The display's address; `password` null gives the same address without sign-in, for people to read. */
export function displayUrl(site: SiteConfig, hub: HubAddress, device: DeviceConfig, password: string | null): string {
  const options = device.display ?? {};
  const params = new URLSearchParams({ site: site.siteId });
  if (options.serviceIds) params.set('services', options.serviceIds.join(','));
  if (options.counterIds) params.set('counters', options.counterIds.join(','));
  if (options.languages) params.set('lang', options.languages.join(','));
  if (options.layout) params.set('layout', options.layout);
  if (options.singleCounter) {
    params.set('mode', 'counter');
    params.set('counter', options.singleCounter);
  }
  params.set('device', device.id);
  if (password !== null) params.set('key', password);
  return `${httpUrl(hub)}/display/?${params.toString()}`;
}
