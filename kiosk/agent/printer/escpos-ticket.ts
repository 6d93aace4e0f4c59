/**
 * The ticket as ESC/POS bytes: site name, the ticket number (the largest thing
 * on the ticket: as large as the paper allows, up to 6 × 6), the service,
 * place in line and estimate, the time the person joined (in the site's zone),
 * a QR code to the remote-wait page, and a cut. A reprint says it is a copy,
 * at the top, and when it was printed again, below the time the person joined.
 *
 * Characters the code page lacks are printed as their nearest printable form
 * (printable-text.ts), not as `?`.
 *
 * The encoder selects the profile's code page with `ESC t n` and encodes the
 * text in it, so Spanish accents print as letters, not as box-drawing signs.
 * The QR code is the printer's own (`GS ( k`: model 2, module size, error
 * level, store, print) where the profile allows it, otherwise a raster image
 * (`GS v 0`). Both are centred with `ESC a 1`.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrintJob } from '../../../hub/contract/index.ts';
import { lineOf, type PrinterProfile } from '../../../hardware/printer-profile.ts';
import { qrRaster } from './qr-raster.ts';
import { ticketLabels } from './ticket-labels.ts';
import { printableText } from './printable-text.ts';

/** GS ! allows 1-8; past 6 the number is taller than a third of a 58 mm ticket is wide, and no easier to read. */
const MAX_NUMBER_SIZE = 6;

/** The ticket number's magnification: the largest that keeps it on one line, at least double. */
export function numberSize(ticket: string, columns: number): number {
  return Math.max(2, Math.min(MAX_NUMBER_SIZE, Math.floor(columns / Math.max(1, ticket.length))));
}

export function buildTicket(job: PrintJob, profile: PrinterProfile): Uint8Array {
  const paper = lineOf(profile);
  const labels = ticketLabels(job.language);
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: paper.columns,
    codepageMapping: profile.codepageMapping,
    feedBeforeCut: profile.feedBeforeCut,
    newline: '\n',
    imageMode: 'raster',
  });

  const text = (value: string) => printableText(value, profile.codepage);
  const size = numberSize(job.ticket, paper.columns);

  encoder.initialize().codepage(profile.codepage).align('center');
  if (job.copy) encoder.invert(true).bold(true).line(` ${text(labels.copy)} `).bold(false).invert(false);
  encoder.bold(true).line(text(job.siteName)).bold(false).newline();
  encoder.size(size, size).bold(true).line(job.ticket).bold(false).size(1, 1);
  encoder.line(text(serviceNameOf(job))).newline();
  if (job.position !== null) encoder.line(text(labels.place(job.position)));
  if (job.estimate) encoder.line(text(labels.estimate(Math.round(job.estimate.lowMinutes), Math.round(job.estimate.highMinutes))));
  encoder.line(text(formatTime(job, job.joinedAt ?? job.issuedAt)));
  if (job.copy) encoder.line(text(labels.reprinted(formatTime(job, job.issuedAt))));
  encoder.newline();

  if (profile.nativeQr) {
    encoder.qrcode(job.statusUrl, { model: 2, size: profile.qrModuleSize, errorlevel: profile.qrErrorLevel });
  } else {
    const image = qrRaster(job.statusUrl, { moduleSize: profile.qrModuleSize, errorLevel: profile.qrErrorLevel, maxWidth: paper.dots });
    encoder.image(image, image.width, image.height, 'threshold');
  }
  encoder.line(text(labels.scanToFollow));
  return encoder.cut('full').encode();
}

function serviceNameOf(job: PrintJob): string {
  const names = job.serviceName;
  return names[job.language] ?? names[job.language.slice(0, 2)] ?? names.en ?? Object.values(names)[0] ?? '';
}

/** In the site's zone from the hub, never the kiosk PC's own: a PC left on UTC printed 8:24 AM for 3:24 AM in New York. */
function formatTime(job: PrintJob, at: string): string {
  const format = new Intl.DateTimeFormat(job.language, { dateStyle: 'short', timeStyle: 'short', timeZone: job.timeZone });
  // ICU puts narrow and no-break spaces into times ("1:05 PM"); receipt code pages have only the plain one.
  return format.format(new Date(at)).replace(/[\u00a0\u202f]/g, ' ');
}
