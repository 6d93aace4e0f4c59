/** Names of the site's services and counters in the desk's language. */
import type { DeskSite } from '../contract.ts';

const LANGUAGE = 'en';

export function serviceName(site: DeskSite, serviceId: string): string {
  const service = site.services.find((s) => s.serviceId === serviceId);
  return service ? (service.name[LANGUAGE] ?? serviceId) : serviceId;
}

export function counterName(site: DeskSite, counterId: string): string {
  return site.counters.find((c) => c.counterId === counterId)?.name ?? counterId;
}

export function kioskName(site: DeskSite, kioskId: string): string {
  return site.kiosks.find((k) => k.deviceId === kioskId)?.name ?? kioskId;
}
