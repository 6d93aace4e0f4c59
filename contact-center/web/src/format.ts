/**
 * Times and names as the agent reads them. Times about a site are on that
 * site's clock (SiteLine.timeZone), with the zone's short name when it is not
 * the agent's own ("2:30 PM CST"), and a time an agent types for a site is
 * that site's: a contact center serves sites in several zones.
 */
import { localDay, phoneField, zonedTime, type PublicServiceState } from '../../../hub/contract/index.ts';
import { isTimeZone, siteTime } from '../../../web-lib/site-time.ts';
import type { SiteLine } from '../../api.ts';
import { consoleLanguage } from './messages.ts';

const agentTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone times about a site are read in: its own, or the agent's while its hub has not said (an older hub). */
function zoneOf(line: Pick<SiteLine, 'timeZone'> | undefined): string {
  return line?.timeZone && isTimeZone(line.timeZone) ? line.timeZone : agentTimeZone;
}

/** "2:02 PM" (en), "14:02" (es) on the site's clock; "2:02 PM CST" when the agent's clock is another zone's. */
export function timeOf(at: string | number, line: Pick<SiteLine, 'timeZone'> | undefined): string {
  const timeZone = zoneOf(line);
  return siteTime(at, timeZone, consoleLanguage, timeZone === agentTimeZone ? 'time' : 'time-zone');
}

/** The site's zone by its short name ("CST") when the agent's clock is another zone's, for beside the times typed for it; else null. */
export function otherZoneName(line: Pick<SiteLine, 'timeZone'> | undefined, now = Date.now()): string | null {
  const timeZone = zoneOf(line);
  if (timeZone === agentTimeZone) return null;
  const parts = new Intl.DateTimeFormat(consoleLanguage, { timeZone, timeZoneName: 'short' }).formatToParts(now);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
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

/** Today at "HH:MM" on the site's clock (its date, its offset that day), as an ISO time for the hub. */
export function todayAt(hhmm: string, line: Pick<SiteLine, 'timeZone'> | undefined, now = Date.now()): string {
  const timeZone = zoneOf(line);
  return new Date(zonedTime(localDay(now, timeZone), hhmm, timeZone)).toISOString();
}

/** A number as an agent types it ("+1 (555) 010-0123") in the international form the hubs take, or null when it is not one. */
export function typedPhone(text: string): string | null {
  const phone = text.replace(/[\s().-]/g, '');
  return phoneField.safeParse(phone).success ? phone : null;
}
