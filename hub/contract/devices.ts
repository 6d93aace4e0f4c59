/**
 * What the hub and the kiosk's devices say to each other: the print job the
 * hub sends on `devices/{id}/jobs`, and the detail a kiosk puts in its
 * retained `devices/{id}/status`. A print job carries what goes on paper and
 * nothing about the person: no name, no phone, no entry id.
 *
 * A kiosk may publish nowhere but its own status and scans topics
 * (hub/access/topic-rights.ts), so the outcome of a print job travels in its status,
 * as `lastJob`.
 */
import * as z from 'zod';
import { idField as id, languageField as language, timeZoneField } from './fields.ts';
import type { DeviceStatus } from './views.ts';

const isoTime = z.iso.datetime({ offset: true });

/** The QR code leads to the remote-wait page; only web links belong there. */
const webUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https link' })
  .max(512, 'must be at most 512 characters, or the QR code gets too dense to scan from paper');

export const printJobSchema = z
  .strictObject({
    /** Chosen by the hub; a job delivered twice prints once. */
    jobId: id,
    ticket: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1-16 letters, digits or -'),
    /** The service's name in each of the site's languages. */
    serviceName: z.record(language, z.string().min(1).max(80)).refine((names) => Object.keys(names).length > 0, 'must name the service in at least one language'),
    /** The language the person chose at the kiosk; the ticket is printed in it. */
    language,
    /** 1-based place in line when the ticket was issued, or null when not known. */
    position: z.int().min(1).nullable(),
    estimate: z.strictObject({ lowMinutes: z.number().min(0), highMinutes: z.number().min(0) }).nullable(),
    /** When this paper was printed (for a copy: the reprint's time). */
    issuedAt: isoTime,
    /** When the person joined the line: the ticket's main time, the same on every copy. Older hubs leave it out. */
    joinedAt: isoTime.optional(),
    /** A reprint: the ticket says it is a copy, and when it was printed again. */
    copy: z.boolean().optional(),
    /** The site's time zone: the time is printed in it, whatever zone the kiosk PC is set to. */
    timeZone: timeZoneField,
    siteName: z.string().min(1).max(80),
    /** The remote-wait page for this ticket, printed as a QR code. */
    statusUrl: webUrl,
  })
  .refine((job) => !job.estimate || job.estimate.lowMinutes <= job.estimate.highMinutes, {
    message: 'estimate.highMinutes must not be below lowMinutes',
    path: ['estimate'],
  });

/** Work for a kiosk's receipt printer, published (not retained) on `devices/{id}/jobs`. */
export type PrintJob = z.infer<typeof printJobSchema>;

/**
 * The other job a kiosk's printer takes: the bar codes that set its scanner up
 * (hardware/scanners.ts), printed at staff's request. The
 * agent lays it out for its own printer.
 */
export const scannerSetupJobSchema = z.strictObject({
  kind: z.literal('scanner-setup'),
  jobId: id,
  scannerProfile: id,
  scannerMode: z.enum(['hid-pos', 'keyboard', 'serial']),
  issuedAt: isoTime,
});

export type ScannerSetupJob = z.infer<typeof scannerSetupJobSchema>;

export type ScannerSetupJobParse = { ok: true; job: ScannerSetupJob } | { ok: false; message: string };

export function isScannerSetupJob(payload: unknown): boolean {
  return (payload as { kind?: unknown } | null)?.kind === 'scanner-setup';
}

export function parseScannerSetupJob(payload: unknown): ScannerSetupJobParse {
  const parsed = scannerSetupJobSchema.safeParse(payload);
  if (parsed.success) return { ok: true, job: parsed.data };
  return { ok: false, message: `Invalid scanner setup job: ${issuesText(parsed.error)}` };
}

export type PrintJobParse = { ok: true; job: PrintJob } | { ok: false; message: string };

/** Validates an untrusted job payload; the message names every bad field. */
export function parsePrintJob(payload: unknown): PrintJobParse {
  const parsed = printJobSchema.safeParse(payload);
  if (parsed.success) return { ok: true, job: parsed.data };
  return { ok: false, message: `Invalid print job: ${issuesText(parsed.error)}` };
}

/** Every bad field, named. */
function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`).join('; ');
}

/**
 * What a kiosk's scanner read, as its agent understood it, published (QoS 1,
 * not retained) on `devices/{id}/scans` for that kiosk's screen: the
 * remote-wait token of a ticket's QR code, an appointment reference, or that
 * the code was none of these (`unreadable`, so the screen can say so). Never
 * the raw code: anything else scanned stays in the agent.
 */
export const kioskScanSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ticket'), token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a status link token') }),
  z.strictObject({ kind: z.literal('appointment'), reference: id }),
  z.strictObject({ kind: z.literal('unreadable') }),
]);
export type KioskScan = z.infer<typeof kioskScanSchema>;

/**
 * What the receipt printer can do right now. `paper-low` still prints; the
 * others mean a ticket cannot be printed and must be shown on screen instead.
 */
export const PRINTER_STATES = ['online', 'paper-low', 'paper-out', 'cover-open', 'offline'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export const SCANNER_STATES = ['connected', 'disconnected'] as const;
export type ScannerState = (typeof SCANNER_STATES)[number];

export function printerCanPrint(state: PrinterState): boolean {
  return state === 'online' || state === 'paper-low';
}

export const printJobOutcomeSchema = z.strictObject({
  jobId: id,
  ticket: z.string().max(16),
  outcome: z.enum(['printed', 'failed']),
  /** Why it failed, for a person: "Printer is out of paper". */
  reason: z.string().max(200).optional(),
  at: isoTime,
});
export type PrintJobOutcome = z.infer<typeof printJobOutcomeSchema>;

export const kioskStatusDetailSchema = z.strictObject({
  printer: z.enum(PRINTER_STATES),
  /** What is wrong with the printer, for staff: "Printer cover is open". */
  printerMessage: z.string().max(200).optional(),
  scanner: z.enum(SCANNER_STATES),
  lastJob: printJobOutcomeSchema.optional(),
});
export type KioskStatusDetail = z.infer<typeof kioskStatusDetailSchema>;

/** Retained on `devices/{kioskId}/status` by the kiosk agent. Its Last Will is a plain `{online: false}` DeviceStatus. */
export interface KioskStatus extends DeviceStatus {
  detail: KioskStatusDetail;
}
