/**
 * Keyboard-wedge scanners pretend to be a US keyboard and type each code,
 * then Enter. Over HID they send boot keyboard reports of 8 bytes:
 * [modifiers, reserved, key 1 … key 6], where keys are HID usage ids (page
 * 0x07) of the keys held down. A character is typed when its key appears in
 * a report and was not held in the one before.
 */
import { CodeAssembler, type CodeAssemblerOptions, type ScanEvents } from './scan.ts';

const SHIFT = 0x02 | 0x20;
const CTRL_ALT_GUI = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;
const ENTER = new Set([0x28, 0x58]);
/** All six key slots set to 0x01: too many keys at once, the report says nothing. */
const ROLLOVER_ERROR = 0x01;

/** Usage id → [unshifted, shifted] on a US layout. */
const KEYS = new Map<number, [string, string]>();
for (let i = 0; i < 26; i++) KEYS.set(0x04 + i, [String.fromCharCode(0x61 + i), String.fromCharCode(0x41 + i)]);
'1234567890'.split('').forEach((digit, i) => KEYS.set(0x1e + i, [digit, '!@#$%^&*()'[i] as string]));
for (const [usage, plain, shifted] of [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
] as const) {
  KEYS.set(usage, [plain, shifted]);
}
'1234567890'.split('').forEach((digit, i) => KEYS.set(0x59 + i, [digit, digit]));

export interface KeyboardDecoderOptions extends CodeAssemblerOptions {
  /** When the device numbers its reports, the id of the keyboard report (its first byte). */
  reportId?: number;
}

export class KeyboardReportDecoder {
  private readonly assembler: CodeAssembler;
  private held = new Set<number>();

  constructor(
    events: ScanEvents,
    private readonly options: KeyboardDecoderOptions,
  ) {
    this.assembler = new CodeAssembler(events, options);
  }

  push(data: ArrayLike<number>): void {
    let report = Array.from(data);
    if (this.options.reportId !== undefined) {
      if (report[0] !== this.options.reportId) return;
      report = report.slice(1);
    }
    if (report.length < 8) {
      this.assembler.spoil(`a keyboard report of ${report.length} bytes (8 expected)`);
      return;
    }
    const modifiers = report[0] as number;
    const keys = report.slice(2, 8).filter((key) => key !== 0);
    if (keys.length > 0 && keys.every((key) => key === ROLLOVER_ERROR)) return;
    for (const key of keys) {
      if (this.held.has(key)) continue;
      this.press(key, modifiers);
    }
    this.held = new Set(keys);
  }

  dispose(): void {
    this.assembler.dispose();
  }

  private press(key: number, modifiers: number): void {
    if (ENTER.has(key)) return this.assembler.end();
    const char = KEYS.get(key);
    if (!char) return this.assembler.spoil(`key 0x${key.toString(16).padStart(2, '0')} is not a character`);
    if (modifiers & CTRL_ALT_GUI) return this.assembler.spoil('a key pressed with Ctrl, Alt or GUI');
    this.assembler.push(Buffer.from(char[modifiers & SHIFT ? 1 : 0], 'latin1'));
  }
}
