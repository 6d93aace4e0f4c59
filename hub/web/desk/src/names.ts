/** Names of the site's services and counters in the desk's language. */
import type { DeskSite } from '../../../contract/desk.ts';
import { nameIn } from '../../../contract/names.ts';
import { deskLanguage } from './messages.ts';

export function serviceName(site: DeskSite, serviceId: string): string {
  const service = site.services.find((s) => s.serviceId === serviceId);
  return service ? (service.name[deskLanguage] ?? service.name.en ?? serviceId) : serviceId;
}

export function counterName(site: DeskSite, counterId: string): string {
  const counter = site.counters.find((c) => c.counterId === counterId);
  return counter ? nameIn(counter, deskLanguage) : counterId;
}

export function kioskName(site: DeskSite, kioskId: string): string {
  return site.kiosks.find((k) => k.deviceId === kioskId)?.name ?? kioskId;
}
