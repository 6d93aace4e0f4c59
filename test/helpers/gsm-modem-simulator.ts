/**
 * A GSM modem on the far end of a pty pair, speaking AT commands (3GPP TS
 * 27.007 / 27.005) as a real one does: echo until ATE0, OK / ERROR /
 * +CME ERROR / +CMS ERROR, the "> " prompt after AT+CMGS ended by Ctrl-Z (or
 * cancelled by ESC), text and PDU modes, a SIM PIN, received texts stored
 * (+CMTI, AT+CMGR, AT+CMGL, AT+CMGD) or handed over directly (+CMT, with
 * AT+CNMA acknowledgements under AT+CSMS=1).
 *
 * What the code under test sends is recorded decoded: number and text, the
 * parts of long texts joined. PDUs are read and built with node-pdu, not
 * with the gateway's own code.
 *
 *   const { devicePath, modem, close } = await gsmModemOnPty();
 *   // point the gateway at devicePath …
 *   await modem.waitForSent(1);        // → [{ to: '+15551234567', text: 'Hi', mode: 'text', parts: 1 }]
 *   modem.receive('+15551234567', '0'); // a reply from that phone
 */
import { Deliver, parse, Submit } from 'node-pdu';
import { openPtyEnd, openPtyPair, type PtyEnd } from './pty.ts';

export interface SentSms {
  /** As the code under test addressed it; international numbers with a leading +. */
  to: string;
  text: string;
  mode: 'text' | 'pdu';
  /** How many PDUs carried it (1 in text mode). */
  parts: number;
  /** UCS-2 (PDU mode only). */
  unicode: boolean;
}

export interface StoredSms {
  index: number;
  from: string;
  text: string;
  read: boolean;
}

export interface GsmModemSimulatorOptions {
  /** The SIM asks for this PIN until AT+CPIN="<pin>" gives it. */
  pin?: string;
}

interface StoredPdu extends StoredSms {
  hex: string;
}

type Body = { mode: 'text'; to: string; text: string } | { mode: 'pdu'; length: number; hex: string };

const CTRL_Z = 0x1a;
const ESC = 0x1b;
const WAIT_MS = 10_000;
/** SIM storage holds this many texts, at indexes 1…N. */
const STORAGE_SLOTS = 30;

export class GsmModemSimulator {
  /** Every text the code under test sent, in order. */
  readonly sent: SentSms[] = [];
  /** Every command line received, in order (bodies after the prompt not included). */
  readonly commands: string[] = [];
  private readonly storage = new Map<number, StoredPdu>();
  private readonly partsInFlight = new Map<string, { total: number; parts: Map<number, string>; unicode: boolean }>();
  private readonly waiters = new Set<() => void>();
  private readonly failures: number[] = [];
  private line = '';
  private body: Body | undefined;
  /** Unsolicited codes held back while a body is being typed, as a modem does. */
  private heldBack: string[] = [];
  private answering = true;
  private echo = true;
  private verboseErrors = false;
  private textMode = false;
  private characterSet = 'GSM';
  private newMessageMode = 0;
  private phase2Plus = false;
  private unacknowledged = 0;
  private pinEntered: boolean;
  private messageReference = 0;

  private constructor(
    private readonly end: PtyEnd,
    private readonly options: GsmModemSimulatorOptions,
  ) {
    this.pinEntered = options.pin === undefined;
    end.onData((chunk) => this.onBytes(chunk));
  }

  /** Plays the modem on `path`, the far end of a pty pair from test/helpers/pty.ts. */
  static open(path: string, options: GsmModemSimulatorOptions = {}): GsmModemSimulator {
    return new GsmModemSimulator(openPtyEnd(path), options);
  }

  /** The next AT+CMGS is answered +CMS ERROR: <code> once its body is in (e.g. 1 unassigned number, 38 network out of order). */
  failNextSend(cmsError: number): void {
    this.failures.push(cmsError);
  }

  /** A modem that stops answering ignores everything it is sent, as if hung or unpowered. */
  setAnswering(answering: boolean): void {
    this.answering = answering;
    this.line = '';
    this.body = undefined;
  }

  /**
   * A text from `from` (E.164, or a national number) arrives: stored with
   * +CMTI or handed over with +CMT, as AT+CNMI asked; stored silently
   * before that. Long texts arrive in concatenated parts.
   */
  receive(from: string, text: string): void {
    const deliver = new Deliver(from, text);
    deliver.setServiceCenterTimeStamp(new Date());
    for (const hex of deliver.getPartStrings()) {
      const part = parse(hex) as Deliver;
      const partText = part.data.getText();
      const length = tpduLength(hex);
      if (this.newMessageMode === 2) {
        if (this.phase2Plus) this.unacknowledged++;
        this.unsolicited(this.textMode ? [`+CMT: "${from}",,"${timestamp()}"`, partText] : [`+CMT: ,${length}`, hex]);
        continue;
      }
      const index = this.freeIndex();
      this.storage.set(index, { index, from, text: partText, read: false, hex });
      if (this.newMessageMode === 1) this.unsolicited([`+CMTI: "SM",${index}`]);
    }
    this.changed();
  }

  /** Texts in the SIM's storage, read or not. */
  stored(): StoredSms[] {
    return [...this.storage.values()].map(({ index, from, text, read }) => ({ index, from, text, read }));
  }

  /** +CMT deliveries not yet acknowledged with AT+CNMA (counted only under AT+CSMS=1). */
  unacknowledgedDeliveries(): number {
    return this.unacknowledged;
  }

  waitForSent(count: number): Promise<SentSms[]> {
    return this.until(() => this.sent.length >= count, `${count} sent text(s)`).then(() => this.sent.slice(0, count));
  }

  waitForCommand(match: RegExp): Promise<string> {
    return this.until(() => this.commands.some((command) => match.test(command)), `a command matching ${match}`).then(
      () => this.commands.find((command) => match.test(command)) as string,
    );
  }

  /** Resolves once `condition` holds; rejects with `what` after ten seconds, so a broken test says what it missed. */
  until(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`The simulated modem did not see ${what} within ${WAIT_MS} ms; commands so far: ${this.commands.join(' | ')}`));
      }, WAIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    for (const wake of this.waiters) wake();
    this.end.close();
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private onBytes(chunk: Buffer): void {
    if (!this.answering) return;
    if (this.echo) this.send(chunk.toString('latin1'));
    for (const byte of chunk) {
      if (this.body) this.onBodyByte(byte);
      else if (byte === 0x0d) {
        const line = this.line.trim();
        this.line = '';
        if (line) this.onCommand(line);
      } else if (byte !== 0x0a) this.line += String.fromCharCode(byte);
    }
  }

  private onBodyByte(byte: number): void {
    const body = this.body as Body;
    if (byte === ESC) {
      this.body = undefined;
      this.finalResult('OK');
    } else if (byte === CTRL_Z) {
      this.body = undefined;
      this.onBodyComplete(body);
    } else if (body.mode === 'text') {
      // In text mode a CR starts a new line of the text and the prompt comes again.
      if (byte === 0x0d) {
        body.text += '\n';
        this.send('\r\n> ');
      } else if (byte !== 0x0a) body.text += String.fromCharCode(byte);
    } else if (byte !== 0x0d && byte !== 0x0a) body.hex += String.fromCharCode(byte);
  }

  private onCommand(line: string): void {
    this.commands.push(line);
    this.changed();
    const upper = line.toUpperCase();
    const argument = line.slice(line.indexOf('=') + 1);
    if (upper === 'AT') return this.finalResult('OK');
    if (/^ATE[01]$/.test(upper)) {
      this.echo = upper === 'ATE1';
      return this.finalResult('OK');
    }
    if (/^AT\+CMEE=[012]$/.test(upper)) {
      this.verboseErrors = !upper.endsWith('0');
      return this.finalResult('OK');
    }
    if (upper === 'AT+CPIN?') return this.answer([`+CPIN: ${this.pinEntered ? 'READY' : 'SIM PIN'}`]);
    if (upper.startsWith('AT+CPIN=')) {
      if (this.pinEntered) return this.cmeError(3);
      if (unquote(argument) !== this.options.pin) return this.cmeError(16);
      this.pinEntered = true;
      return this.finalResult('OK');
    }
    if (upper.startsWith('AT+CSCS=')) {
      const set = unquote(argument).toUpperCase();
      if (!['GSM', 'IRA', 'UCS2'].includes(set)) return this.cmeError(4);
      this.characterSet = set;
      return this.finalResult('OK');
    }
    if (upper === 'AT+CSCS?') return this.answer([`+CSCS: "${this.characterSet}"`]);
    if (!this.pinEntered && /^AT\+(CMG|CNMI|CSMS|CNMA)/.test(upper)) return this.cmsError(311);
    if (/^AT\+CMGF=[01]$/.test(upper)) {
      this.textMode = upper.endsWith('1');
      return this.finalResult('OK');
    }
    if (upper === 'AT+CMGF?') return this.answer([`+CMGF: ${this.textMode ? 1 : 0}`]);
    if (/^AT\+CSMS=[01]$/.test(upper)) {
      this.phase2Plus = upper.endsWith('1');
      return this.answer(['+CSMS: 1,1,1']);
    }
    if (/^AT\+CNMI=/.test(upper)) {
      const mode = Number(argument.split(',')[1] ?? '0');
      if (![0, 1, 2].includes(mode)) return this.cmsError(303);
      this.newMessageMode = mode;
      return this.finalResult('OK');
    }
    if (/^AT\+CNMA(=0)?$/.test(upper)) {
      if (this.unacknowledged === 0) return this.cmsError(340);
      this.unacknowledged--;
      this.changed();
      return this.finalResult('OK');
    }
    if (upper.startsWith('AT+CMGS=')) return this.startBody(argument);
    if (/^AT\+CMGR=\d+$/.test(upper)) return this.readStored(Number(argument));
    if (/^AT\+CMGD=\d+(,\d)?$/.test(upper)) {
      this.storage.delete(Number(argument.split(',')[0]));
      this.changed();
      return this.finalResult('OK');
    }
    if (upper.startsWith('AT+CMGL')) return this.listStored(unquote(argument));
    return this.cmeError(4);
  }

  private startBody(argument: string): void {
    if (this.textMode) {
      const to = /^"([^"]+)"/.exec(argument)?.[1];
      if (!to) return this.cmsError(305);
      this.body = { mode: 'text', to, text: '' };
    } else {
      if (!/^\d+$/.test(argument)) return this.cmsError(304);
      this.body = { mode: 'pdu', length: Number(argument), hex: '' };
    }
    this.send('\r\n> ');
  }

  private onBodyComplete(body: Body): void {
    const failure = this.failures.shift();
    if (failure !== undefined) return this.cmsError(failure);
    if (body.mode === 'text') this.recordSent({ to: body.to, text: body.text, mode: 'text', parts: 1, unicode: false });
    else {
      let submit: Submit;
      try {
        const parsed = parse(body.hex);
        if (!(parsed instanceof Submit) || tpduLength(body.hex) !== body.length) return this.cmsError(304);
        submit = parsed;
      } catch {
        return this.cmsError(304);
      }
      this.recordPart(submit);
    }
    this.messageReference = (this.messageReference + 1) % 256;
    this.answer([`+CMGS: ${this.messageReference}`]);
  }

  private recordPart(submit: Submit): void {
    const to = `${submit.address.type.type === 1 ? '+' : ''}${submit.address.phone ?? ''}`;
    const header = submit.getParts()[0]?.header?.toJSON();
    const unicode = submit.data.isUnicode;
    const text = submit.data.getText();
    if (!header?.SEGMENTS || header.SEGMENTS < 2 || !header.CURRENT) return this.recordSent({ to, text, mode: 'pdu', parts: 1, unicode });
    const key = `${to}:${header.POINTER}`;
    const entry = this.partsInFlight.get(key) ?? { total: header.SEGMENTS, parts: new Map<number, string>(), unicode };
    entry.parts.set(header.CURRENT, text);
    entry.unicode ||= unicode;
    this.partsInFlight.set(key, entry);
    if (entry.parts.size < entry.total) return;
    this.partsInFlight.delete(key);
    const joined = [...entry.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part).join('');
    this.recordSent({ to, text: joined, mode: 'pdu', parts: entry.total, unicode: entry.unicode });
  }

  private recordSent(sms: SentSms): void {
    this.sent.push(sms);
    this.changed();
  }

  private readStored(index: number): void {
    const stored = this.storage.get(index);
    if (!stored) return this.cmsError(321);
    const status = stored.read ? 1 : 0;
    stored.read = true;
    this.changed();
    if (this.textMode) return this.answer([`+CMGR: "${status ? 'REC READ' : 'REC UNREAD'}","${stored.from}",,"${timestamp()}"`, stored.text]);
    this.answer([`+CMGR: ${status},,${tpduLength(stored.hex)}`, stored.hex]);
  }

  private listStored(filter: string): void {
    if (this.textMode) return this.cmsError(302);
    const wanted = filter === '' || filter === '4' || filter.toUpperCase() === 'ALL' ? undefined : Number(filter);
    const lines: string[] = [];
    for (const stored of this.storage.values()) {
      const status = stored.read ? 1 : 0;
      if (wanted !== undefined && wanted !== status) continue;
      lines.push(`+CMGL: ${stored.index},${status},,${tpduLength(stored.hex)}`, stored.hex);
      stored.read = true;
    }
    this.answer(lines);
  }

  private freeIndex(): number {
    for (let index = 1; index <= STORAGE_SLOTS; index++) if (!this.storage.has(index)) return index;
    throw new Error('The simulated SIM storage is full: the code under test does not delete what it reads');
  }

  private answer(lines: string[]): void {
    this.send(lines.map((line) => `\r\n${line}\r\n`).join(''));
    this.finalResult('OK');
  }

  private cmeError(code: number): void {
    this.finalResult(this.verboseErrors ? `+CME ERROR: ${code}` : 'ERROR');
  }

  private cmsError(code: number): void {
    this.finalResult(this.verboseErrors ? `+CMS ERROR: ${code}` : 'ERROR');
  }

  private finalResult(result: string): void {
    this.send(`\r\n${result}\r\n`);
    for (const held of this.heldBack.splice(0)) this.send(held);
  }

  private unsolicited(lines: string[]): void {
    if (!this.answering) return;
    const text = lines.map((line) => `\r\n${line}`).join('') + '\r\n';
    if (this.body) this.heldBack.push(text);
    else this.send(text);
  }

  private send(text: string): void {
    this.end.write(Buffer.from(text, 'latin1')).catch(() => {});
  }
}

/** A pty pair with the simulated modem on one end; the gateway opens `devicePath`. */
export async function gsmModemOnPty(options: GsmModemSimulatorOptions = {}): Promise<{ devicePath: string; modem: GsmModemSimulator; close(): Promise<void> }> {
  const pair = await openPtyPair();
  const modem = GsmModemSimulator.open(pair.b, options);
  return {
    devicePath: pair.a,
    modem,
    async close() {
      modem.close();
      await pair.close();
    },
  };
}

/** Octets after the service centre address: what AT+CMGS, +CMT and +CMGR count. */
function tpduLength(hex: string): number {
  return hex.length / 2 - 1 - parseInt(hex.slice(0, 2), 16);
}

function unquote(value: string): string {
  return value.trim().replace(/^"(.*)"$/, '$1');
}

function timestamp(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(now.getUTCFullYear() % 100)}/${two(now.getUTCMonth() + 1)}/${two(now.getUTCDate())},${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}+00`;
}
