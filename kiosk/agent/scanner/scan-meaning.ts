/**
 * What a scanned code means at a Lobbyline kiosk: the QR code of one of our
 * tickets (its remote-wait link), the reference on an appointment letter, or
 * nothing we know, which is ignored with the reason.
 */
import { idField, kioskScanSchema, type KioskScan } from '../../../hub/contract/index.ts';

export type ScanMeaning =
  | { kind: 'ticket'; statusUrl: string }
  | { kind: 'appointment'; reference: string }
  | { kind: 'unknown'; reason: string };

export interface ScanMeaningOptions {
  /** Links that are ticket QR codes start with one of these (the hub's remote-wait page). */
  ticketUrlPrefixes: readonly string[];
  /** The whole code must match; default `APT-` and 4 to 10 digits. */
  appointmentPattern: RegExp;
}

export const DEFAULT_APPOINTMENT_PATTERN = 'APT-\\d{4,10}';

/** Anchors a configured pattern so it must match the whole code. */
export function appointmentPattern(source: string = DEFAULT_APPOINTMENT_PATTERN): RegExp {
  return new RegExp(`^(?:${source})$`);
}

export function interpretScan(code: string, options: ScanMeaningOptions): ScanMeaning {
  if (/^https?:\/\//i.test(code)) {
    if (options.ticketUrlPrefixes.some((prefix) => isUnder(code, prefix))) return { kind: 'ticket', statusUrl: code };
    return { kind: 'unknown', reason: 'a web link that is not a ticket of this site' };
  }
  if (options.appointmentPattern.test(code)) {
    // The reference goes into a check-in command, whose rules it must meet.
    if (!idField.safeParse(code).success) return { kind: 'unknown', reason: 'an appointment reference with characters a reference cannot have' };
    return { kind: 'appointment', reference: code };
  }
  return { kind: 'unknown', reason: 'neither a ticket QR code nor an appointment reference' };
}

/** The link is at or below the prefix: same origin, however its case or default port is written (HTTP://Hub.local:80/ is http://hub.local/). */
function isUnder(link: string, prefix: string): boolean {
  if (!URL.canParse(link) || !URL.canParse(prefix)) return false;
  const url = new URL(link);
  const base = new URL(prefix);
  return url.origin === base.origin && url.pathname.startsWith(base.pathname);
}

/**
 * What the kiosk screen is told: the status link's token (the part after
 * `#`) or the appointment reference; `unreadable` (without the code) when
 * there is nothing to act on, such as a link to the join page, which has no
 * token, so that the screen tells the person what to scan instead.
 */
export function kioskScanOf(meaning: ScanMeaning): KioskScan {
  if (meaning.kind === 'unknown') return { kind: 'unreadable' };
  const scan = meaning.kind === 'appointment' ? { kind: meaning.kind, reference: meaning.reference } : { kind: meaning.kind, token: meaning.statusUrl.split('#')[1] };
  const parsed = kioskScanSchema.safeParse(scan);
  return parsed.success ? parsed.data : { kind: 'unreadable' };
}
