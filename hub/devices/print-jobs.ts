/**
 * Tickets on paper: when a kiosk's enroll or check-in succeeds, the hub sends
 * that kiosk's agent a PrintJob on `devices/{kioskId}/jobs`. It wraps the
 * broker's command path, so only commands a kiosk issued over MQTT print, and
 * only at the kiosk that issued them. A repeated request (double tap, retry)
 * gets the same job id, which the agent prints once; a reprint (the kiosk's
 * "Print again", or staff at the desk choosing a kiosk) gets a new one.
 */
import { siteTopics } from '../contract/topics.ts';
import { lobbylineError } from '../contract/errors.ts';
import type { EntryView, KioskTicketView, PrintJob } from '../contract/index.ts';
import type { ExecuteCommand } from '../broker/broker.ts';
import type { SiteConfig } from '../site/config.ts';
import { systemClock } from '../context.ts';
import { printJobIdOf, reprintJobIdOf } from '../contract/print-job-ids.ts';

const PRINTED_COMMANDS = new Set(['enroll', 'check-in', 'reprint', 'continue-visit']);

export interface PrintJobsOptions {
  site: Pick<SiteConfig, 'siteId' | 'name' | 'services' | 'timezone'>;
  /** The entry's remote-wait status link (hub/wait/service.ts). */
  statusUrl: (entryId: string) => Promise<string>;
  publish: (topic: string, payload: object) => void;
  clock?: () => number;
}

/** `copy`: a reprint, printed as a copy with the time the person joined and the time of the reprint. */
export function printJobFor(entry: EntryView, site: PrintJobsOptions['site'], statusUrl: string, now: number, jobId = printJobIdOf(entry.entryId), copy = false): PrintJob | null {
  if (!entry.ticket) return null;
  const serviceName = site.services.find((s) => s.id === entry.serviceId)?.name ?? { en: entry.serviceId };
  return {
    jobId,
    ticket: entry.ticket,
    serviceName,
    language: entry.language,
    position: entry.position,
    estimate: entry.estimate,
    issuedAt: new Date(now).toISOString(),
    joinedAt: entry.enrolledAt,
    ...(copy && { copy: true }),
    timeZone: site.timezone,
    siteName: site.name,
    statusUrl,
  };
}

/**
 * How a ticket comes to be printed: the first for a new ticket, a copy (a reprint), or the paper of a
 * visit that went on at the kiosk (a caller who walked in), which may follow an earlier paper of the same visit.
 */
export type TicketPrint = 'first' | 'copy' | 'continued';

/** Sends an entry's ticket to a kiosk's printer; answers with the entry and its status link. */
export type PrintTicket = (entry: EntryView, kioskId: string, print: TicketPrint) => Promise<KioskTicketView>;

export function ticketPrinter(options: PrintJobsOptions): PrintTicket {
  const topics = siteTopics(options.site.siteId);
  const clock = options.clock ?? systemClock;
  return async (entry, kioskId, print) => {
    const statusUrl = await options.statusUrl(entry.entryId);
    const now = clock();
    const jobId = print === 'first' ? printJobIdOf(entry.entryId) : reprintJobIdOf(entry.entryId, now);
    const job = printJobFor(entry, options.site, statusUrl, now, jobId, print === 'copy');
    if (job) options.publish(topics.deviceJobs(kioskId), job);
    return { ...entry, statusUrl };
  };
}

/**
 * The broker's command path, plus a print job for every ticket a kiosk is
 * given. The kiosk's reply carries the status link too, for the QR code on
 * its screen: the kiosk prints it anyway.
 */
export function withPrintJobs(execute: ExecuteCommand, options: PrintJobsOptions): ExecuteCommand {
  const printTicket = ticketPrinter(options);
  return async (identity, type, payload, clientId) => {
    const isKiosk = identity.role === 'kiosk';
    if (isKiosk && type === 'reprint' && otherKioskIn(payload, identity.deviceId)) {
      return { ok: false, error: lobbylineError('forbidden', `Kiosk ${identity.deviceId} can reprint only on its own printer`) };
    }
    const outcome = await execute(identity, type, payload, clientId);
    if (!outcome.ok || !isKiosk || !PRINTED_COMMANDS.has(type)) return outcome;
    const print = type === 'reprint' ? 'copy' : type === 'continue-visit' ? 'continued' : 'first';
    return { ok: true, result: await printTicket(outcome.result as EntryView, identity.deviceId, print) };
  };
}

function otherKioskIn(payload: unknown, deviceId: string): boolean {
  const kioskId = (payload as { kioskId?: unknown } | null)?.kioskId;
  return kioskId !== undefined && kioskId !== deviceId;
}
