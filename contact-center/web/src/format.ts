/**
 * Times and names as the agent reads them. The console has no site's time
 * zone to go by (SiteLine does not carry one), so times are in the agent's own.
 */
import { phoneField, type PublicServiceState } from '../../../hub/contract/index.ts';
import { siteTime } from '../../../web-lib/site-time.ts';
import type { SiteLine } from '../../api.ts';
import { consoleLanguage } from './messages.ts';

const agentTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "2:02 PM" (en), "14:02" (es). */
export function timeOf(at: string | number): string {
  return siteTime(at, agentTimeZone, consoleLanguage);
}

export function serviceName(service: Pick<PublicServiceState, 'name' | 'serviceId'>): string {
  const name = service.name;
  return name[consoleLanguage] ?? name['en'] ?? Object.values(name)[0] ?? service.serviceId;
}

export function siteName(line: SiteLine | undefined, site: string): string {
  return line?.name ?? site;
}

/** The service's name at its site, or its id when the site's lines are not known yet. */
export function serviceAt(sites: SiteLine[], site: string, serviceId: string): string {
  const service = sites.find((s) => s.site === site)?.services.find((s) => s.serviceId === serviceId);
  return service ? serviceName(service) : serviceId;
}

/** Today at "HH:MM" in the agent's zone, as an ISO time for the hub. */
export function todayAt(hhmm: string, now = new Date()): string {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const at = new Date(now);
  at.setHours(hours!, minutes!, 0, 0);
  return at.toISOString();
}

/** A number as an agent types it ("+1 (555) 010-0123") in the international form the hubs take, or null when it is not one. */
export function typedPhone(text: string): string | null {
  const phone = text.replace(/[\s().-]/g, '');
  return phoneField.safeParse(phone).success ? phone : null;
}
