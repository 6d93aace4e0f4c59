/**
 * Tickets on paper: when a kiosk's enroll or check-in succeeds, the hub sends
 * that kiosk's agent a PrintJob on `devices/{kioskId}/jobs`. It wraps the
 * broker's command path, so only commands a kiosk issued over MQTT print, and
 * only at the kiosk that issued them. A repeated request (double tap, retry)
 * gets the same job id, which the agent prints once.
 */
import { siteTopics } from '../contract/topics.ts';
import type { EntryView, KioskTicketView, PrintJob } from '../contract/index.ts';
import type { ExecuteCommand } from '../broker/broker.ts';
import type { SiteConfig } from '../site/config.ts';

const PRINTED_COMMANDS = new Set(['enroll', 'check-in']);

export interface PrintJobsOptions {
  site: Pick<SiteConfig, 'siteId' | 'name' | 'services'>;
  /** The entry's remote-wait status link (hub/remote/remote-wait.ts). */
  statusUrl: (entryId: string) => Promise<string>;
  publish: (topic: string, payload: object) => void;
  clock?: () => number;
}

/** One job per entry: the kiosk screen finds its ticket's outcome in the agent's `lastJob` by this id. */
export function printJobIdOf(entryId: string): string {
  return `ticket-${entryId}`.slice(0, 64);
}

export function printJobFor(entry: EntryView, site: PrintJobsOptions['site'], statusUrl: string, now: number): PrintJob | null {
  if (!entry.ticket) return null;
  const serviceName = site.services.find((s) => s.id === entry.serviceId)?.name ?? { en: entry.serviceId };
  return {
    jobId: printJobIdOf(entry.entryId),
    ticket: entry.ticket,
    serviceName,
    language: entry.language,
    position: entry.position,
    estimate: entry.estimate,
    issuedAt: new Date(now).toISOString(),
    siteName: site.name,
    statusUrl,
  };
}

/**
 * The broker's command path, plus a print job for every ticket a kiosk is
 * given. The kiosk's reply carries the status link too, for the QR code on
 * its screen: the kiosk prints it anyway.
 */
export function withPrintJobs(execute: ExecuteCommand, options: PrintJobsOptions): ExecuteCommand {
  const topics = siteTopics(options.site.siteId);
  const clock = options.clock ?? Date.now;
  return async (identity, type, payload, clientId) => {
    const outcome = await execute(identity, type, payload, clientId);
    if (!outcome.ok || identity.role !== 'kiosk' || !PRINTED_COMMANDS.has(type)) return outcome;
    const entry = outcome.result as EntryView;
    const statusUrl = await options.statusUrl(entry.entryId);
    const job = printJobFor(entry, options.site, statusUrl, clock());
    if (job) options.publish(topics.deviceJobs(identity.deviceId), job);
    const ticket: KioskTicketView = { ...entry, statusUrl };
    return { ok: true, result: ticket };
  };
}
