/**
 * The ticket as ESC/POS bytes: site name, the ticket number in double size,
 * the service, place in line and estimate, the time (in the site's zone), a QR code to the
 * remote-wait page, and a cut.
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

  encoder.initialize().codepage(profile.codepage).align('center');
  encoder.bold(true).line(job.siteName).bold(false).newline();
  encoder.size(2, 2).bold(true).line(job.ticket).bold(false).size(1, 1);
  encoder.line(serviceNameOf(job)).newline();
  if (job.position !== null) encoder.line(labels.place(job.position));
  if (job.estimate) encoder.line(labels.estimate(Math.round(job.estimate.lowMinutes), Math.round(job.estimate.highMinutes)));
  encoder.line(formatIssuedAt(job)).newline();

  if (profile.nativeQr) {
    encoder.qrcode(job.statusUrl, { model: 2, size: profile.qrModuleSize, errorlevel: profile.qrErrorLevel });
  } else {
    const image = qrRaster(job.statusUrl, { moduleSize: profile.qrModuleSize, errorLevel: profile.qrErrorLevel, maxWidth: paper.dots });
    encoder.image(image, image.width, image.height, 'threshold');
  }
  encoder.line(labels.scanToFollow);
  return encoder.cut('full').encode();
}

function serviceNameOf(job: PrintJob): string {
  const names = job.serviceName;
  return names[job.language] ?? names[job.language.slice(0, 2)] ?? names.en ?? Object.values(names)[0] ?? '';
}

/** In the site's zone from the hub, never the kiosk PC's own: a PC left on UTC printed 8:24 AM for 3:24 AM in New York. */
function formatIssuedAt(job: PrintJob): string {
  const format = new Intl.DateTimeFormat(job.language, { dateStyle: 'short', timeStyle: 'short', timeZone: job.timeZone });
  // ICU puts narrow and no-break spaces into times ("1:05 PM"); receipt code pages have only the plain one.
  return format.format(new Date(job.issuedAt)).replace(/[\u00a0\u202f]/g, ' ');
}
