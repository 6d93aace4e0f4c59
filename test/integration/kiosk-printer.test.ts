/**
 * The kiosk's receipt printer over real transports: a serial port and a
 * USB-printer-style device file on socat pty pairs, and a TCP 9100 listener.
 * The test plays the printer: it reads the ESC/POS bytes the agent writes,
 * decodes them back (text in the code page, the QR code, the cut), reads a
 * raster QR back with zbarimg, and answers status requests as a printer
 * with paper out, its cover open, or no voice at all would.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { buildTicket } from '../../kiosk/agent/printer/escpos-ticket.ts';
import { printerModel } from '../../hardware/printers.ts';
import { PrinterStatusMonitor, type PrinterStatusReport } from '../../kiosk/agent/printer/printer-status.ts';
import { DEFAULT_PRINTER_PROFILE, PAPER, type PrinterProfile } from '../../hardware/printer-profile.ts';
import { ReceiptPrinter } from '../../kiosk/agent/printer/receipt-printer.ts';
import { SerialTransport } from '../../kiosk/agent/printer/serial-transport.ts';
import { TcpTransport } from '../../kiosk/agent/printer/tcp-transport.ts';
import type { PrinterTransport } from '../../kiosk/agent/printer/transport.ts';
import { UsbLpTransport } from '../../kiosk/agent/printer/usb-lp-transport.ts';
import { EscPosDecoder, codepageNumbers, type PrintedImage } from '../../kiosk/agent/virtual/escpos-decoder.ts';
import { VirtualPrinter } from '../../kiosk/agent/virtual/virtual-printer.ts';
import { answerStatusRequests, openPtyEnd, openPtyPair, type PtyEnd, type PtyPair } from '../helpers/pty.ts';

const run = promisify(execFile);

const JOB: PrintJob = {
  jobId: 'job-1',
  ticket: 'L-012',
  serviceName: { en: 'Vaccination, lab tests and ultrasound', es: 'Vacunación, análisis y ecografía' },
  language: 'es',
  position: 3,
  estimate: { lowMinutes: 5, highMinutes: 12 },
  issuedAt: '2026-03-02T14:05:00Z',
  // The site's zone travels with the job: 14:05 UTC prints as 9:05 in Lima, whatever zone this machine is in.
  timeZone: 'America/Lima',
  siteName: 'Clínica Ñuñoa Perú',
  statusUrl: 'http://192.168.1.10:8080/wait/L-012-7f3a9c',
};

/** DLE EOT 1, 2, 4 replies (Epson ESC/POS): fixed bits 0x12, plus the condition's bits. */
const REPLIES = {
  ready: { 1: 0x12, 2: 0x12, 4: 0x12 },
  coverOpen: { 1: 0x1a, 2: 0x16, 4: 0x12 },
  paperOut: { 1: 0x1a, 2: 0x32, 4: 0x72 },
  paperNearEnd: { 1: 0x12, 2: 0x12, 4: 0x1e },
  silent: {},
  onlyFirst: { 1: 0x12 },
  /** Online with the cover closed and paper in (DLE EOT 1 and 2), no answer to 4. */
  noPaperSensor: { 1: 0x12, 2: 0x12 },
  garbage: { 1: 0xff, 2: 0x00, 4: 0x80 },
} satisfies Record<string, Partial<Record<number, number>>>;

/** Printers that answer get plenty of time, so a busy test machine does not look like a silent printer. */
const ANSWERING: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 2_000 };
/** For a printer that leaves one request unanswered after answering others: short, yet long enough for its answers. */
const PARTLY_SILENT: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 600 };
/** For printers that are meant to stay (partly) silent. */
const FAST_STATUS: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 150 };

function bytesOf(...parts: (number[] | string)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
}

function decode(bytes: Uint8Array): EscPosDecoder {
  const decoder = new EscPosDecoder({ codepages: codepageNumbers('epson') });
  decoder.push(bytes);
  decoder.flush();
  return decoder;
}

/** A raster image as a PBM file (P4 is GS v 0's own layout: rows of packed bits, 1 = black), with a white margin. */
function pbm(image: PrintedImage, margin = 16): Buffer {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const rowBytes = Math.ceil(width / 8);
  const bits = Buffer.alloc(rowBytes * height);
  const sourceRow = image.width / 8;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (((image.bits[y * sourceRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) === 0) continue;
      const [px, py] = [x + margin, y + margin];
      bits[py * rowBytes + (px >> 3)]! |= 0x80 >> (px & 7);
    }
  }
  return Buffer.concat([Buffer.from(`P4\n${width} ${height}\n`), bits]);
}

describe('tickets on a serial printer (pty pair)', () => {
  let pair: PtyPair;
  let far: PtyEnd;
  let printer: ReceiptPrinter | undefined;

  beforeEach(async () => {
    pair = await openPtyPair();
    far = openPtyEnd(pair.b);
    far.onData(answerStatusRequests((bytes) => void far.write(bytes), () => REPLIES.ready));
  });
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
    far.close();
    await pair.close();
  });

  it('prints the ticket: code page 858 with Spanish accents, double-size number, native QR (GS ( k) and a cut', async () => {
    printer = new ReceiptPrinter(new SerialTransport({ path: pair.a }), ANSWERING);
    const result = await printer.print(JOB);
    expect(result).toMatchObject({ ok: true, status: { state: 'online' } });
    // print() resolved after the printer answered the status requests that follow the ticket: everything is here.
    const bytes = far.received();

    // Status asked before and after: DLE EOT 1, 2, 4, twice.
    const requests: number[] = [];
    const decoder = new EscPosDecoder({ codepages: codepageNumbers('epson'), onStatusRequest: (n) => requests.push(n) });
    decoder.push(bytes);
    decoder.flush();
    expect(requests).toEqual([1, 2, 4, 1, 2, 4]);

    // ESC t 19 selects CP858 on Epson printers, before any accented letter.
    const selectCp858 = bytes.indexOf(bytesOf([0x1b, 0x74, 19]));
    expect(selectCp858).toBeGreaterThan(0);
    expect(decoder.codepagesSelected).toEqual([19]);
    // The letters in CP858, byte for byte (IBM code page 850/858 table).
    for (const [text, encoded] of [
      ['Clínica Ñuñoa Perú', bytesOf('Cl', [0xa1], 'nica ', [0xa5], 'u', [0xa4], 'oa Per', [0xa3])],
      ['Vacunación, análisis', bytesOf('Vacunaci', [0xa2], 'n, an', [0xa0], 'lisis')],
      ['¿Sale', bytesOf([0xa8], 'Sale')],
      ['¡Escanee', bytesOf([0xad], 'Escanee')],
      ['teléfono', bytesOf('tel', [0x82], 'fono')],
    ] as const) {
      const at = bytes.indexOf(encoded);
      expect(at, `${text} in CP858`).toBeGreaterThan(selectCp858);
    }

    const lines = decoder.lines.map((line) => line.trim());
    expect(lines).toContain('Clínica Ñuñoa Perú');
    expect(lines).toContain('Vacunación, análisis y ecografía');
    expect(lines).toContain('Su lugar en la fila: 3');
    expect(lines).toContain('Espera estimada: 5-12 min');
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('¿Sale un momento? ¡Escanee el código y siga su turno desde el teléfono!');
    expect(lines.some((line) => /^2\/3\/26,? 9:05$/.test(line))).toBe(true);
    const numberLine = decoder.items.find((item) => item.kind === 'line' && item.line.text.trim() === 'L-012');
    expect(numberLine?.kind === 'line' && numberLine.line.segments.find((s) => s.text === 'L-012')).toMatchObject({ width: 6, height: 6, bold: true });

    // The QR code in the printer's own commands: model 2, module size 6, error level M, store, print.
    const url = Buffer.from(JOB.statusUrl);
    const store = bytesOf([0x1d, 0x28, 0x6b, url.length + 3, 0x00, 0x31, 0x50, 0x30], JOB.statusUrl);
    const sequence = [
      bytesOf([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
      bytesOf([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06]),
      bytesOf([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]),
      store,
      bytesOf([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
    ];
    let from = 0;
    for (const command of sequence) {
      const at = bytes.indexOf(command, from);
      expect(at, `GS ( k ${command.toString('hex')}`).toBeGreaterThanOrEqual(from);
      from = at + command.length;
    }
    expect(decoder.qrCodes).toEqual([{ data: JOB.statusUrl, model: 2, moduleSize: 6, errorLevel: 'M' }]);
    expect(decoder.images).toEqual([]);
    expect(decoder.cuts).toBe(1);
    expect(decoder.unknown).toEqual([]);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('prints a raster QR code (GS v 0) on 58 mm paper that zbarimg reads back as the ticket link', async () => {
    const profile: PrinterProfile = { ...ANSWERING, paperWidthMm: 58, nativeQr: false };
    printer = new ReceiptPrinter(new SerialTransport({ path: pair.a }), profile);
    expect(await printer.print({ ...JOB, language: 'en' })).toMatchObject({ ok: true });
    const bytes = await far.waitFor((b) => b.includes(bytesOf([0x1d, 0x56, 0x00])), 5_000, 'the cut');
    const decoder = decode(bytes);
    expect(decoder.qrCodes).toEqual([]);
    expect(bytes.includes(bytesOf([0x1d, 0x28, 0x6b]))).toBe(false);
    const [image] = decoder.images;
    expect(image).toBeDefined();
    expect(image!.width).toBeLessThanOrEqual(384);
    expect(decoder.lines.map((l) => l.trim())).toContain('Your place in line: 3');

    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-qr-'));
    try {
      const file = join(dir, 'ticket-qr.pbm');
      await writeFile(file, pbm(image!));
      const { stdout } = await run('zbarimg', ['--raw', '-q', file]);
      expect(stdout.trim()).toBe(JOB.statusUrl);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints through the USB printer-class path (a device file opened non-blocking) the same way', async () => {
    printer = new ReceiptPrinter(new UsbLpTransport({ path: pair.a }), ANSWERING);
    expect(await printer.print(JOB)).toMatchObject({ ok: true, status: { state: 'online' } });
    const bytes = await far.waitFor((b) => b.includes(bytesOf([0x1d, 0x56, 0x00])), 5_000, 'the cut');
    const decoder = decode(bytes);
    expect(decoder.qrCodes.map((qr) => qr.data)).toEqual([JOB.statusUrl]);
    expect(decoder.lines.map((l) => l.trim())).toContain('Clínica Ñuñoa Perú');
  });

  it('prints the ticket number as the largest thing on the ticket, on one line of 58 and 80 mm paper', async () => {
    for (const paperWidthMm of [58, 80] as const) {
      printer = new ReceiptPrinter(new SerialTransport({ path: pair.a }), { ...ANSWERING, paperWidthMm });
      const before = far.received().length;
      expect(await printer.print({ ...JOB, ticket: 'L-053', language: 'en' })).toMatchObject({ ok: true });
      await printer.close();
      printer = undefined;
      const decoder = decode(far.received().subarray(before));
      const segments = decoder.items.flatMap((item) => (item.kind === 'line' ? item.line.segments : []));
      const number = segments.find((s) => s.text === 'L-053')!;
      expect(number, `${paperWidthMm} mm`).toMatchObject({ bold: true, width: expect.any(Number), height: number.width });
      expect(number.width).toBeGreaterThanOrEqual(4);
      for (const other of segments.filter((s) => s !== number && s.text.trim())) {
        expect(other.width * other.height, `"${other.text}" beside the number`).toBeLessThan(number.width * number.height);
      }
      // Font A characters are 12 dots wide: the magnified number fits the printable width.
      expect(number.text.length * number.width * 12).toBeLessThanOrEqual(PAPER[paperWidthMm].dots);
    }
  });

  it('prints a reprint as a copy: COPY on top, the time the person joined, then the labelled time of the reprint', async () => {
    printer = new ReceiptPrinter(new SerialTransport({ path: pair.a }), ANSWERING);
    const original = { ...JOB, language: 'en', joinedAt: '2026-03-02T14:05:00Z', issuedAt: '2026-03-02T14:05:01Z' };
    expect(await printer.print(original)).toMatchObject({ ok: true });
    const between = far.received().length;
    expect(await printer.print({ ...original, jobId: 'job-1-r1', copy: true, issuedAt: '2026-03-02T14:47:00Z' })).toMatchObject({ ok: true });
    const bytes = far.received();
    const [first, copy] = [decode(bytes.subarray(0, between)), decode(bytes.subarray(between))];
    const trimmed = (decoder: EscPosDecoder) => decoder.lines.map((line) => line.trim()).filter(Boolean);

    expect(trimmed(first)).not.toContain('COPY');
    expect(trimmed(first).filter((line) => /9:0[5-6]|9:47/.test(line))).toEqual(['3/2/26, 9:05 AM']);
    expect(trimmed(copy)[0]).toBe('COPY');
    const copyMark = copy.items.find((item) => item.kind === 'line' && item.line.text.trim() === 'COPY');
    expect(copyMark?.kind === 'line' && copyMark.line.segments.find((s) => s.text.trim() === 'COPY')).toMatchObject({ bold: true, inverted: true });
    expect(trimmed(copy).filter((line) => /9:0[5-6]|9:47/.test(line))).toEqual(['3/2/26, 9:05 AM', 'Reprinted 3/2/26, 9:47 AM']);

    const spanish = decode(buildTicket({ ...original, language: 'es', copy: true, issuedAt: '2026-03-02T14:47:00Z' }, ANSWERING));
    expect(trimmed(spanish)[0]).toBe('COPIA');
    expect(trimmed(spanish)).toContain('Reimpreso 2/3/26, 9:47');
  });

  it('prints characters the code page lacks as their nearest printable form, not as ?', async () => {
    printer = new ReceiptPrinter(new SerialTransport({ path: pair.a }), ANSWERING);
    const serviceName = { en: 'Lab – fasting “blood” tests…', es: 'Análisis – en ayunas' };
    expect(await printer.print({ ...JOB, language: 'en', serviceName, siteName: 'Clínica Łódź — Ñuñoa' })).toMatchObject({ ok: true });
    const decoder = decode(far.received());
    const lines = decoder.lines.map((line) => line.trim());
    expect(lines).toContain('Lab - fasting "blood" tests...');
    expect(lines).toContain('Clínica Lódz - Ñuñoa');
    expect(lines.filter((line) => line.includes('?') && !line.startsWith('Stepping out?'))).toEqual([]);
    expect(decode(buildTicket({ ...JOB, serviceName }, ANSWERING)).lines.map((line) => line.trim())).toContain('Análisis - en ayunas');
  });

  it('opens a pty whose port refuses DTR/RTS control', async () => {
    const transport = new SerialTransport({ path: pair.a });
    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.close();
  });

  it('is silent offline when the port does not exist', async () => {
    const monitor = new PrinterStatusMonitor(new SerialTransport({ path: `${pair.a}-missing` }), FAST_STATUS);
    expect(await monitor.query()).toMatchObject({ state: 'offline', message: expect.stringMatching(/not connected/) });
    monitor.stop();
  });
});

/** A printer at the far end of some transport: it answers status requests from `replies`. */
interface FarPrinter {
  transport(): PrinterTransport;
  replies: Partial<Record<number, number>>;
  send(bytes: number[]): Promise<void>;
  received(): Buffer;
  close(): Promise<void>;
}

async function ptyPrinter(): Promise<FarPrinter> {
  const pair = await openPtyPair();
  const far = openPtyEnd(pair.b);
  const printer: FarPrinter = {
    transport: () => new SerialTransport({ path: pair.a }),
    replies: REPLIES.ready,
    send: (bytes) => far.write(Uint8Array.from(bytes)),
    received: () => far.received(),
    async close() {
      far.close();
      await pair.close();
    },
  };
  far.onData(answerStatusRequests((bytes) => void far.write(bytes), () => printer.replies));
  return printer;
}

async function tcpPrinter(): Promise<FarPrinter> {
  const sockets = new Set<Socket>();
  let received = Buffer.alloc(0);
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const answer = answerStatusRequests((bytes) => socket.write(bytes), () => printer.replies);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      answer(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const printer: FarPrinter = {
    transport: () => new TcpTransport({ host: '127.0.0.1', port }),
    replies: REPLIES.ready,
    async send(bytes) {
      for (const socket of sockets) socket.write(Uint8Array.from(bytes));
    },
    received: () => received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return printer;
}

describe.each([
  ['the other end of a pty', ptyPrinter],
  ['a TCP 9100 listener', tcpPrinter],
])('printer status answered from %s', (_where, makePrinter) => {
  let far: FarPrinter;
  let printer: ReceiptPrinter | undefined;
  const logs: { message: string }[] = [];
  const log = createLogger('debug', (line) => logs.push(JSON.parse(line)));

  beforeEach(async () => {
    far = await makePrinter();
    logs.length = 0;
  });
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
    await far.close();
  });

  const open = (profile: PrinterProfile = ANSWERING, onStatusChange?: (report: PrinterStatusReport) => void) => {
    printer = new ReceiptPrinter(far.transport(), profile, { log, ...(onStatusChange && { onStatusChange }) });
    return printer;
  };

  it('reports a ready printer online', async () => {
    expect(await open().status()).toMatchObject({ state: 'online', conditions: { offline: false, coverOpen: false, paperOut: false, paperNearEnd: false } });
  });

  it('refuses to print with the cover open, and sends no ticket', async () => {
    far.replies = REPLIES.coverOpen;
    const result = await open().print(JOB);
    expect(result).toEqual({ ok: false, status: expect.objectContaining({ state: 'cover-open' }), reason: 'Printer cover is open' });
    expect(far.received()).toEqual(bytesOf([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]));
  });

  it('refuses to print when out of paper', async () => {
    far.replies = REPLIES.paperOut;
    const result = await open().print(JOB);
    expect(result).toMatchObject({ ok: false, status: { state: 'paper-out' }, reason: 'Printer is out of paper' });
  });

  it('prints with the paper near its end, and says so', async () => {
    far.replies = REPLIES.paperNearEnd;
    const result = await open().print(JOB);
    expect(result).toMatchObject({ ok: true, status: { state: 'paper-low', message: 'Printer paper is running low' } });
    expect(far.received().includes(bytesOf([0x1d, 0x56, 0x00]))).toBe(true);
  });

  it('calls a printer that never answers offline after the status timeout', async () => {
    far.replies = REPLIES.silent;
    const started = Date.now();
    const result = await open(FAST_STATUS).print(JOB);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST_STATUS.statusTimeoutMs - 5);
    expect(result).toMatchObject({ ok: false, status: { state: 'offline' }, reason: expect.stringMatching(/does not answer/) });
    expect(far.received().includes(bytesOf([0x1b, 0x40]))).toBe(false);
  });

  it('calls a printer offline when it answers only part of its status', async () => {
    far.replies = REPLIES.onlyFirst;
    expect(await open(FAST_STATUS).status()).toMatchObject({ state: 'offline', message: expect.stringMatching(/only part of its status/) });
  });

  it('prints on a printer that answers DLE EOT 1 and 2 but never 4, with the paper running low unknown', async () => {
    far.replies = REPLIES.noPaperSensor;
    const result = await open(PARTLY_SILENT).print(JOB);
    expect(result).toMatchObject({ ok: true, status: { state: 'online', conditions: { offline: false, coverOpen: false, paperOut: false, paperNearEnd: null } } });
    const requests: number[] = [];
    const decoder = new EscPosDecoder({ codepages: codepageNumbers('epson'), onStatusRequest: (n) => requests.push(n) });
    decoder.push(far.received());
    decoder.flush();
    expect(decoder.cuts).toBe(1);
    expect(decoder.lines.map((l) => l.trim())).toContain('L-012');
    // Asked once; after that the ticket does not wait for an answer that never comes.
    expect(requests).toEqual([1, 2, 4, 1, 2]);
    expect(logs.some((l) => l.message.startsWith('Printer does not report its paper sensor'))).toBe(true);
    // Its cover open is still seen from DLE EOT 2 alone.
    far.replies = { 1: 0x1a, 2: 0x16 };
    expect(await printer!.status()).toMatchObject({ state: 'cover-open' });
  });

  it('does not take bytes without the fixed status bits for a status', async () => {
    far.replies = REPLIES.garbage;
    expect(await open(FAST_STATUS).status()).toMatchObject({ state: 'offline' });
    expect(logs.some((l) => l.message === 'Ignored a byte from the printer')).toBe(true);
  });

  it('drops a partial Automatic Status Back block, then reads the next full one', async () => {
    const reports: { state: string }[] = [];
    const asbPrinter = open({ ...ANSWERING, automaticStatusBack: true }, (report) => reports.push(report));
    await asbPrinter.start();
    await expect.poll(() => far.received().includes(bytesOf([0x1d, 0x61, 0x0e]))).toBe(true);
    await far.send([0x10, 0x00]); // two of four bytes, then nothing
    await expect.poll(() => logs.some((l) => l.message === 'Ignored an incomplete status block from the printer'), { timeout: 10_000 }).toBe(true);
    expect(reports).toEqual([]);
    await far.send([0x38, 0x00, 0x00, 0x00]); // cover open
    await expect.poll(() => reports.map((r) => r.state)).toEqual(['cover-open']);
    await far.send([0x10, 0x00, 0x0f, 0x00]); // paper out
    await expect.poll(() => reports.map((r) => r.state)).toEqual(['cover-open', 'paper-out']);
    expect(await asbPrinter.status()).toMatchObject({ state: 'online' });
  });

  it('reads the autocutter error from bit 3 of the Automatic Status Back second byte, bit 2 being a mechanical error', async () => {
    const reports: PrinterStatusReport[] = [];
    const asbPrinter = open({ ...ANSWERING, automaticStatusBack: true }, (report) => reports.push(report));
    await asbPrinter.start();
    await expect.poll(() => far.received().includes(bytesOf([0x1d, 0x61, 0x0e]))).toBe(true);
    await far.send([0x10, 0x08, 0x00, 0x00]); // autocutter error
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatchObject({ state: 'offline', message: expect.stringMatching(/cutter/), conditions: { cutterError: true, error: true } });
    await far.send([0x10, 0x04, 0x00, 0x00]); // mechanical error, not the cutter
    await expect.poll(() => reports.length).toBe(2);
    expect(reports[1]).toMatchObject({ state: 'offline', conditions: { cutterError: false, error: true } });
    expect(reports[1]!.message).not.toBe(reports[0]!.message);
    await far.send([0x10, 0x00, 0x00, 0x00]); // recovered
    await expect.poll(() => reports.length).toBe(3);
    expect(reports[2]).toMatchObject({ state: 'online', conditions: { cutterError: false, error: false } });
  });
});

describe('the virtual printer (the demo kiosk\'s)', () => {
  it('prints without a paper sensor, and reports a cutter error by Automatic Status Back', async () => {
    const virtual = new VirtualPrinter({ condition: 'no-paper-sensor' });
    const reports: PrinterStatusReport[] = [];
    const printer = new ReceiptPrinter(virtual, { ...PARTLY_SILENT, automaticStatusBack: true }, { onStatusChange: (report) => reports.push(report) });
    await printer.start();
    expect(await printer.print({ ...JOB, serviceName: { es: 'Análisis – en ayunas' } })).toMatchObject({ ok: true, status: { state: 'online', conditions: { paperNearEnd: null } } });
    const [ticket] = await virtual.waitForTickets(1);
    expect(ticket!.text).toContain('Análisis - en ayunas');
    virtual.setCondition('cutter-error');
    await expect.poll(() => reports.at(-1)).toMatchObject({ state: 'offline', conditions: { cutterError: true } });
    expect(await printer.print(JOB)).toMatchObject({ ok: false, status: { state: 'offline' } });
    await printer.close();
  });
});

describe('a network printer that is not there', () => {
  it('is offline when nothing listens on its port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const printer = new ReceiptPrinter(new TcpTransport({ host: '127.0.0.1', port }), FAST_STATUS);
    expect(await printer.print(JOB)).toMatchObject({ ok: false, status: { state: 'offline' }, reason: expect.stringMatching(/Could not connect/) });
    await printer.close();
  });
});

describe('ticket bytes', () => {
  it('fit in 4 KB with a native QR code on either paper width', () => {
    for (const paperWidthMm of [58, 80] as const) {
      expect(buildTicket(JOB, { ...DEFAULT_PRINTER_PROFILE, paperWidthMm }).length).toBeLessThan(4096);
    }
  });

  it('use the full 576 dots on 80 mm and 384 on 58 mm for text', () => {
    const wide = decode(buildTicket({ ...JOB, language: 'en' }, { ...DEFAULT_PRINTER_PROFILE, paperWidthMm: 80 }));
    const narrow = decode(buildTicket({ ...JOB, language: 'en' }, { ...DEFAULT_PRINTER_PROFILE, paperWidthMm: 58 }));
    expect(Math.max(...wide.lines.map((l) => l.length))).toBeLessThanOrEqual(48);
    expect(Math.max(...narrow.lines.map((l) => l.length))).toBeLessThanOrEqual(32);
    expect(Math.max(...wide.lines.map((l) => l.length))).toBeGreaterThan(32);
  });

  it('keep to a 180 dpi printer\'s 42 columns and 512 dots when its profile says so', () => {
    const profile = printerModel('epson-tm-t88v')!.agentProfile;
    const long = { ...JOB, language: 'en', siteName: 'Clinica de Salud Familiar del Valle Central, Sede Norte' };
    const text = decode(buildTicket(long, profile));
    expect(Math.max(...text.lines.map((l) => l.length))).toBeLessThanOrEqual(42);
    const raster = decode(buildTicket(long, { ...profile, nativeQr: false, qrModuleSize: 8 }));
    expect(raster.images[0]!.width).toBeLessThanOrEqual(512);
  });
});
