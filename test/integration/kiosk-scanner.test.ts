/**
 * Barcode scanners: a serial scanner on a socat pty pair whose far end types
 * codes in chunks with CR, LF or CRLF endings and garbage in between, and
 * HID scanners (HID POS and keyboard wedge) replayed from recorded reports
 * through the decoder node-hid feeds. Only complete, clean codes come out;
 * everything else is refused with a reason.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../hub/log.ts';
import { listDevices } from '../../kiosk/agent/list-devices.ts';
import { createHidDecoder, HidScanner, loadNodeHid } from '../../kiosk/agent/scanner/hid-scanner.ts';
import type { Scan, ScanRejection, ScannerEvents } from '../../kiosk/agent/scanner/scan.ts';
import { appointmentPattern, interpretScan } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { SerialScanner } from '../../kiosk/agent/scanner/serial-scanner.ts';
import { VirtualScanner } from '../../kiosk/agent/virtual/virtual-scanner.ts';
import { openPtyEnd, openPtyPair, type PtyEnd, type PtyPair } from '../helpers/pty.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function collector() {
  const scans: Scan[] = [];
  const rejections: ScanRejection[] = [];
  const connection: boolean[] = [];
  const events: ScannerEvents = {
    onScan: (scan) => scans.push(scan),
    onRejected: (rejection) => rejections.push(rejection),
    onConnectionChange: (connected) => connection.push(connected),
  };
  return { scans, rejections, connection, events, codes: () => scans.map((s) => s.code), reasons: () => rejections.map((r) => r.reason) };
}

describe('serial scanner on a pty pair', () => {
  let pair: PtyPair;
  let far: PtyEnd;
  let scanner: SerialScanner;

  beforeEach(async () => {
    pair = await openPtyPair();
    far = openPtyEnd(pair.b);
  });
  afterEach(async () => {
    await scanner.stop();
    far.close();
    await pair.close();
  });

  it('yields exactly the complete codes, whatever the chunks and line endings, and refuses garbage', async () => {
    const seen = collector();
    scanner = new SerialScanner({ path: pair.a, decode: { partialTimeoutMs: 300, maxLength: 512 } });
    await scanner.start(seen.events);
    expect(scanner.connected).toBe(true);
    expect(seen.connection).toEqual([true]);

    const chunks: (string | number[])[] = [
      'APT-12', '345\r', // split code, CR
      'http://hub.local:8080/wait/L-0', '12-7f3a9c\n', // LF
      'APT-99999\r\n', // CRLF: one code, not one and an empty one
      '\r\n\r\n', // blank lines: nothing
      'GARB', [0x01, 0x02], 'AGE\r', // control bytes inside a line
      'x'.repeat(600), '\n', // over-long
      [0x41, 0xff, 0xfe, 0x42, 0x0d], // not UTF-8
      'APT-55555\r',
      'APT-7', // never finished
    ];
    for (const chunk of chunks) {
      await far.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Uint8Array.from(chunk));
      await sleep(15);
    }
    await expect.poll(() => seen.rejections.length, { timeout: 2_000 }).toBe(4);
    expect(seen.codes()).toEqual(['APT-12345', 'http://hub.local:8080/wait/L-012-7f3a9c', 'APT-99999', 'APT-55555']);
    expect(seen.reasons()).toEqual([
      'contains control characters',
      'longer than 512 characters',
      'not text (bytes that are not UTF-8)',
      'no end of code within 300 ms (partial scan)',
    ]);
    expect(seen.rejections[0]!.sample).toBe('GARB\\x01\\x02AGE');
    expect(seen.rejections[3]!.sample).toBe('APT-7');
  });

  it('reports the scanner disconnected when the port goes away', async () => {
    const seen = collector();
    scanner = new SerialScanner({ path: pair.a, reconnectMs: 100, presenceCheckMs: 100 });
    await scanner.start(seen.events);
    far.close();
    await pair.close();
    await expect.poll(() => seen.connection, { timeout: 3_000 }).toEqual([true, false]);
    expect(scanner.connected).toBe(false);
  });

  it('opens the port again when the scanner is plugged back in, and reads from it', async () => {
    // The agent is configured with a stable name (as udev's /dev/lobbyline/scanner); the device behind it comes and goes.
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-scanner-link-'));
    const stable = join(dir, 'scanner');
    await symlink(pair.a, stable);
    const seen = collector();
    scanner = new SerialScanner({ path: stable, reconnectMs: 100, presenceCheckMs: 100 });
    try {
      await scanner.start(seen.events);
      far.close();
      await pair.close();
      await expect.poll(() => seen.connection, { timeout: 3_000 }).toEqual([true, false]);

      pair = await openPtyPair();
      far = openPtyEnd(pair.b);
      await rm(stable);
      await symlink(pair.a, stable);
      await expect.poll(() => seen.connection, { timeout: 3_000 }).toEqual([true, false, true]);
      await far.write(Buffer.from('APT-20001\r\n'));
      await expect.poll(() => seen.codes(), { timeout: 3_000 }).toEqual(['APT-20001']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A 64-byte HID POS scanned-data report as a Honeywell scanner sends it (see hid-pos-decoder.ts). */
function posReport(symbology: string, data: string, continued = false): number[] {
  const report = new Array<number>(64).fill(0);
  report[0] = 0x02;
  report[1] = data.length;
  [...Buffer.from(symbology, 'latin1')].forEach((b, i) => (report[2 + i] = b));
  [...Buffer.from(data, 'latin1')].forEach((b, i) => (report[5 + i] = b));
  report[63] = continued ? 1 : 0;
  return report;
}

const hex = (text: string) => text.trim().split(/\s+/).map((h) => parseInt(h, 16));

describe('HID POS scanner reports (usage page 0x8C)', () => {
  const url = 'http://192.168.1.10:8080/wait/L-012-7f3a9c0d1e2f3a4b5c6d7e8f90'; // 62 bytes: two reports

  it('decodes recorded reports into codes with their symbology, across continued reports', () => {
    const seen = collector();
    const decoder = createHidDecoder({ mode: 'hid-pos' }, 'hid-pos 0c2e:0b61', seen.events);
    // Recorded: "APT-12345" as Code 128 (AIM ]C0), one report.
    decoder.push(
      hex(`02 09 5d 43 30 41 50 54 2d 31 32 33 34 35 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
           00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`),
    );
    // A QR code link longer than one report holds: 56 bytes flagged "continued", then the rest.
    decoder.push(posReport(']Q1', url.slice(0, 56), true));
    decoder.push(posReport(']Q1', url.slice(56)));
    // A scanner that keeps its CR suffix in HID POS mode.
    decoder.push(posReport(']C0', 'APT-67890\r'));
    expect(seen.scans).toEqual([
      { code: 'APT-12345', source: 'hid-pos 0c2e:0b61', symbology: ']C0' },
      { code: url, source: 'hid-pos 0c2e:0b61', symbology: ']Q1' },
      { code: 'APT-67890', source: 'hid-pos 0c2e:0b61', symbology: ']C0' },
    ]);
    expect(seen.rejections).toEqual([]);
    decoder.dispose();
  });

  it('ignores other reports and refuses garbage and codes that never finish', async () => {
    const seen = collector();
    const decoder = createHidDecoder({ mode: 'hid-pos', decode: { partialTimeoutMs: 100 } }, 'hid-pos', seen.events);
    decoder.push([0x04, 0x01, 0x00, 0x00]); // an attribute report: not a scan
    const lying = posReport(']C0', 'APT-1');
    lying[1] = 200; // claims more data than a report holds
    decoder.push(lying);
    decoder.push(posReport(']C0', 'APT-2'));
    decoder.push(posReport(']Q1', 'http://192.168.1.10:8080/wait/', true)); // the rest never comes
    await expect.poll(() => seen.rejections.length, { timeout: 1_000 }).toBe(2);
    expect(seen.reasons()).toEqual(['a scanned-data report claiming 200 data bytes in 64 bytes', 'no end of code within 100 ms (partial scan)']);
    expect(seen.codes()).toEqual([]);
    decoder.push(posReport(']C0', 'APT-31415'));
    expect(seen.codes()).toEqual(['APT-31415']);
    decoder.dispose();
  });
});

/** Boot keyboard reports for typing `text` then Enter on a US layout: press, release, for each key. */
function typed(text: string): number[][] {
  const usage = (c: string): [number, number] => {
    if (/[a-z]/.test(c)) return [0, 0x04 + c.charCodeAt(0) - 0x61];
    if (/[A-Z]/.test(c)) return [0x02, 0x04 + c.charCodeAt(0) - 0x41];
    if (/[1-9]/.test(c)) return [0, 0x1e + Number(c) - 1];
    const table: Record<string, [number, number]> = { '0': [0, 0x27], '-': [0, 0x2d], ':': [0x02, 0x33], '/': [0, 0x38], '.': [0, 0x37], '\n': [0, 0x28] };
    return table[c] ?? [0, 0];
  };
  return [...`${text}\n`].flatMap((c) => {
    const [modifiers, key] = usage(c);
    return [[modifiers, 0, key, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]];
  });
}

describe('keyboard-wedge scanner reports (HID boot keyboard)', () => {
  it('decodes recorded key reports, with Shift, repeated keys and Enter ending each code', () => {
    const seen = collector();
    const decoder = createHidDecoder({ mode: 'keyboard' }, 'keyboard 05e0:1200', seen.events);
    // Recorded from a scanner reading "APT-55": Shift+A, P, T, '-', 5, release, 5 again, Enter.
    for (const report of [
      '02 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '02 00 13 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '02 00 17 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '00 00 2d 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '00 00 22 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '00 00 22 00 00 00 00 00', '00 00 00 00 00 00 00 00',
      '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00',
    ]) decoder.push(hex(report));
    // Fast scanners leave the last key down while pressing the next (rollover).
    for (const report of ['00 00 1e 00 00 00 00 00', '00 00 1e 1f 00 00 00 00', '00 00 1f 20 00 00 00 00', '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00']) {
      decoder.push(hex(report));
    }
    for (const report of typed('http://hub.local:8080/wait/L-012')) decoder.push(report);
    expect(seen.codes()).toEqual(['APT-55', '123', 'http://hub.local:8080/wait/L-012']);
    expect(seen.rejections).toEqual([]);
    decoder.dispose();
  });

  it('takes reports with a report id in front when the device numbers them', () => {
    const seen = collector();
    const decoder = createHidDecoder({ mode: 'keyboard', reportId: 1 }, 'keyboard', seen.events);
    for (const report of typed('APT-2718')) decoder.push([1, ...report]);
    decoder.push([3, 0, 0, 0x04, 0, 0, 0, 0, 0]); // another report id: not the keyboard
    expect(seen.codes()).toEqual(['APT-2718']);
    decoder.dispose();
  });

  it('refuses codes with keys that are not characters, Ctrl combinations, and codes with no Enter', async () => {
    const seen = collector();
    const decoder = createHidDecoder({ mode: 'keyboard', decode: { partialTimeoutMs: 100 } }, 'keyboard', seen.events);
    for (const report of ['00 00 04 00 00 00 00 00', '00 00 3a 00 00 00 00 00', '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00']) decoder.push(hex(report)); // a, F1, Enter
    for (const report of ['01 00 06 00 00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00']) decoder.push(hex(report)); // Ctrl+C, Enter
    decoder.push(hex('00 00 01 01 01 01 01 01')); // rollover error: says nothing
    decoder.push(hex('00 00 00 00 00 00 00 00'));
    for (const report of typed('APT-1').slice(0, -2)) decoder.push(report); // no Enter
    await expect.poll(() => seen.rejections.length, { timeout: 1_000 }).toBe(3);
    expect(seen.reasons()).toEqual(['key 0x3a is not a character', 'a key pressed with Ctrl, Alt or GUI', 'no end of code within 100 ms (partial scan)']);
    expect(seen.codes()).toEqual([]);
    decoder.dispose();
  });
});

describe('node-hid', () => {
  it('loads here from the prebuilt binary in its npm package', async () => {
    const hid = await loadNodeHid();
    expect(typeof hid.devicesAsync).toBe('function');
    expect(Array.isArray(await hid.devicesAsync())).toBe(true);
  });

  it('leaves a scanner that is not plugged in disconnected, without failing', async () => {
    const logs: { message: string }[] = [];
    const seen = collector();
    const scanner = new HidScanner({ mode: 'hid-pos', vendorId: 0xfffe, productId: 0xfffe, reconnectMs: 50, log: createLogger('debug', (line) => logs.push(JSON.parse(line))) });
    await scanner.start(seen.events);
    await sleep(200);
    expect(scanner.connected).toBe(false);
    expect(seen.connection).toEqual([]);
    expect(logs.filter((l) => l.message === 'Scanner not available')).toHaveLength(1);
    await scanner.stop();
  });
});

describe('device listing', () => {
  it('degrades to /dev names when udevadm is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const listing = await listDevices();
      expect(listing.notes.some((note) => /udevadm/.test(note))).toBe(true);
      expect(Array.isArray(listing.serialPorts)).toBe(true);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('what a scan means', () => {
  const options = { ticketUrlPrefixes: ['http://hub.local:8080/wait/'], appointmentPattern: appointmentPattern() };

  it('knows ticket QR codes, appointment letters, and nothing else', () => {
    expect(interpretScan('http://hub.local:8080/wait/L-012-7f3a9c', options)).toEqual({ kind: 'ticket', statusUrl: 'http://hub.local:8080/wait/L-012-7f3a9c' });
    expect(interpretScan('APT-12345', options)).toEqual({ kind: 'appointment', reference: 'APT-12345' });
    expect(interpretScan('https://example.com/wait/x', options)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/not a ticket of this site/) });
    expect(interpretScan('APT-12', options)).toMatchObject({ kind: 'unknown' });
    expect(interpretScan('xAPT-12345', options)).toMatchObject({ kind: 'unknown' });
    expect(interpretScan('4006381333931', options)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/neither/) });
  });

  it('takes a site’s own appointment pattern, anchored', () => {
    const custom = { ...options, appointmentPattern: appointmentPattern('CITA/\\d{6}|[A-Z]{2}\\d{8}') };
    expect(interpretScan('AB12345678', custom)).toEqual({ kind: 'appointment', reference: 'AB12345678' });
    expect(interpretScan('AB12345678-extra', custom)).toMatchObject({ kind: 'unknown' });
    // A pattern may match what a check-in command cannot carry.
    expect(interpretScan('CITA/123456', custom)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/characters a reference cannot have/) });
  });
});

describe('virtual scanner', () => {
  it('takes codes from a function and from a stream, through the same line rules', async () => {
    const { PassThrough } = await import('node:stream');
    const input = new PassThrough();
    const seen = collector();
    const scanner = new VirtualScanner(input);
    await scanner.start(seen.events);
    scanner.scan('APT-10001');
    input.write('APT-10002\nAPT-');
    input.write('10003\r\n');
    scanner.scan('bad\u0007code');
    await expect.poll(() => seen.codes()).toEqual(['APT-10001', 'APT-10002', 'APT-10003']);
    expect(seen.reasons()).toEqual(['contains control characters']);
    await scanner.stop();
  });
});
