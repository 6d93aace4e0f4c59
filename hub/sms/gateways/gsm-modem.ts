/**
 * Texts through a GSM modem on a serial port, in AT commands (3GPP TS
 * 27.005 / 27.007). Short plain texts go in text mode; anything else
 * (accents outside the GSM alphabet, long texts) as PDUs, in UCS-2 where
 * needed and in concatenated parts. The modem is kept in PDU mode between
 * sends, so received texts always arrive as PDUs.
 *
 * Received texts come either stored (+CMTI, then read and deleted) or
 * directly (+CMT, acknowledged with AT+CNMA where the modem wants it).
 *
 * A modem that stops answering does not hold anything up: its command times
 * out, the gateway reports itself unhealthy and refuses sends at once, and a
 * periodic check sets the modem up again as soon as it answers.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { SerialPort } from 'serialport';
import { openSerialPort } from '../../../hardware/serial-port.ts';
import { phoneField } from '../../contract/fields.ts';
import type { Logger } from '../../log.ts';
import type { GatewayHandlers, GatewayHealth, OutgoingSms, SendResult, SmsGateway } from '../gateway.ts';
import { maskPhone } from '../mask-phone.ts';
import { AtCommandError, AtSession, type UnsolicitedResult } from './at-session.ts';
import type { GsmModemConfig } from './config.ts';
import { cmsErrorMeaning, isNumberRefused } from './modem-errors.ts';
import { ConcatenatedTexts, decodeDeliverPdu, fitsTextMode, senderAsE164, submitPdus, type ReceivedPart, type SubmitPdu } from './sms-pdu.ts';

export interface GsmModemGatewayOptions extends Omit<GsmModemConfig, 'type'> {
  /** The SIM's PIN, when it asks for one. */
  pin?: string;
  log: Logger;
}

const INTERNATIONAL_ADDRESS_TYPE = 145;

export class GsmModemGateway implements SmsGateway {
  readonly description: string;
  private readonly session: AtSession;
  private readonly texts = new ConcatenatedTexts();
  private port: SerialPort | undefined;
  private handlers: GatewayHandlers | undefined;
  private health: GatewayHealth | undefined;
  private ready = false;
  private stopped = true;
  private checking = false;
  private checkTimer: NodeJS.Timeout | undefined;
  /** Operations of several commands (a send, reading a stored text) run one after another. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Text mode needs the modem's ASCII ("IRA") character set; without it every text goes as a PDU. */
  private textModeAvailable = false;
  /** Direct deliveries must be acknowledged when the modem runs SMS phase 2+ (AT+CSMS=1). */
  private acknowledgeDirect = false;
  /** A SIM that refused its PIN is not given it again: a few more wrong tries would lock it. */
  private pinRefused = false;

  constructor(private readonly options: GsmModemGatewayOptions) {
    this.description = `GSM modem ${options.path}`;
    this.session = new AtSession((data) => this.write(data), (result) => this.handleUnsolicited(result));
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    this.stopped = false;
    await this.exclusive(() => this.connect());
    this.checkTimer = setInterval(() => void this.check(), this.options.healthCheckMs);
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    if (!phoneField.safeParse(sms.to).success) return { ok: false, retryable: false, reason: 'The number is not in international form (E.164), e.g. +15551234567' };
    if (!this.ready) return this.notReady();
    return this.exclusive(async () => {
      if (!this.ready) return this.notReady();
      const textMode = this.textModeAvailable && fitsTextMode(sms.text);
      let pdus: SubmitPdu[] = [];
      try {
        if (!textMode) pdus = submitPdus(sms.to, sms.text);
      } catch (error) {
        return { ok: false, retryable: false, reason: `The text could not be encoded for the modem: ${messageOf(error)}` };
      }
      const total = textMode ? 1 : pdus.length;
      const references: string[] = [];
      try {
        if (textMode) references.push(await this.sendInTextMode(sms.to, sms.text));
        else for (const pdu of pdus) references.push(await this.submit(`AT+CMGS=${pdu.length}`, pdu.hex));
      } catch (error) {
        return this.sendFailure(error, references.length, total, sms.to);
      }
      const providerId = references.join(',');
      this.options.log.info('SMS sent through the GSM modem', { to: maskPhone(sms.to), parts: total, mode: textMode ? 'text' : 'pdu', providerId });
      return { ok: true, providerId };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ready = false;
    clearInterval(this.checkTimer);
    this.session.abort('The SMS gateway is stopping');
    await this.tail;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.handlers = undefined;
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation, operation);
    this.tail = run.catch(() => {});
    return run;
  }

  private command(command: string, timeoutMs = this.options.commandTimeoutMs): Promise<string[]> {
    return this.session.run(command, { timeoutMs });
  }

  /** Like `command`, but a refusal (ERROR) is an answer, not a failure. */
  private async modemAccepts(command: string): Promise<boolean> {
    try {
      await this.command(command);
      return true;
    } catch (error) {
      if (error instanceof AtCommandError && (error.kind === 'error' || error.kind === 'cms' || error.kind === 'cme')) return false;
      throw error;
    }
  }

  /** Sends a body after the prompt and returns the message reference from +CMGS. */
  private async submit(command: string, body: string): Promise<string> {
    const lines = await this.session.run(command, { timeoutMs: this.options.commandTimeoutMs, body, bodyTimeoutMs: this.options.sendTimeoutMs });
    const reference = lines.map((line) => /^\+CMGS:\s*(\d+)/.exec(line)?.[1]).find((mr) => mr !== undefined);
    if (reference === undefined) throw new AtCommandError('error', undefined, `The modem accepted ${command} without a message reference`);
    return reference;
  }

  private async sendInTextMode(to: string, text: string): Promise<string> {
    await this.command('AT+CMGF=1');
    let back = true;
    try {
      return await this.submit(`AT+CMGS="${to}",${INTERNATIONAL_ADDRESS_TYPE}`, text);
    } catch (error) {
      // A modem that stopped answering is set up again from scratch; nothing to put back.
      if (error instanceof AtCommandError && (error.kind === 'timeout' || error.kind === 'closed')) back = false;
      throw error;
    } finally {
      if (back) await this.command('AT+CMGF=0').catch((error: unknown) => this.markDown(error));
    }
  }

  private sendFailure(error: unknown, partsSent: number, total: number, to: string): SendResult {
    const prefix = total > 1 ? `Part ${partsSent + 1} of ${total} (${partsSent} sent): ` : '';
    if (!(error instanceof AtCommandError)) {
      this.markDown(error);
      return { ok: false, retryable: true, reason: `${prefix}${messageOf(error)}` };
    }
    if (error.kind === 'timeout' || error.kind === 'closed') {
      this.markDown(error);
      return { ok: false, retryable: true, reason: `${prefix}${this.health?.message ?? error.message}` };
    }
    const refused = error.kind === 'cms' && isNumberRefused(error.code);
    const meaning = error.kind === 'cms' ? ` (${cmsErrorMeaning(error.code)})` : '';
    const reason = `${prefix}${refused ? 'The network refused the number: ' : ''}${error.message}${meaning}`;
    this.options.log.warn('SMS not sent through the GSM modem', { to: maskPhone(to), reason, retryable: !refused });
    return { ok: false, retryable: !refused, reason };
  }

  private notReady(): SendResult {
    return { ok: false, retryable: true, reason: this.health?.message ?? `The ${this.description} is not started` };
  }

  /** Opens the port if needed and sets the modem up; the outcome is the gateway's health. */
  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.port?.isOpen) this.port = await this.openPort();
      await this.initialise();
      this.ready = true;
      this.reportHealth({ ok: true, message: `The ${this.description} is ready` });
      if (this.options.incoming === 'stored') await this.readAllStored();
    } catch (error) {
      this.markDown(error);
    }
  }

  private async openPort(): Promise<SerialPort> {
    const port = await openSerialPort(this.options.path, this.options.baudRate, this.options.log);
    port.on('data', (chunk: Buffer) => this.session.push(chunk));
    port.on('error', (error) => this.options.log.warn('GSM modem serial port error', { port: this.options.path, error: error.message }));
    port.on('close', () => {
      if (this.port === port) this.port = undefined;
      this.session.abort(`The serial port ${this.options.path} closed`);
      if (!this.stopped) this.markDown(new Error(`The serial port ${this.options.path} closed; is the modem unplugged?`));
    });
    return port;
  }

  private async initialise(): Promise<void> {
    await this.command('AT');
    await this.command('ATE0');
    await this.command('AT+CMEE=1');
    await this.unlockSim();
    await this.command('AT+CMGF=0');
    this.textModeAvailable = await this.modemAccepts('AT+CSCS="IRA"');
    if (this.options.incoming === 'direct') {
      this.acknowledgeDirect = await this.modemAccepts('AT+CSMS=1');
      await this.command('AT+CNMI=2,2,0,0,0');
    } else {
      this.acknowledgeDirect = false;
      await this.command('AT+CNMI=2,1,0,0,0');
    }
  }

  private async unlockSim(): Promise<void> {
    const status = (await this.command('AT+CPIN?')).map((line) => /^\+CPIN:\s*(.+)$/.exec(line)?.[1]?.trim()).find(Boolean);
    if (status === 'READY') return;
    if (status !== 'SIM PIN') throw new Error(`The SIM in the ${this.description} is not ready: ${status ?? 'no answer to AT+CPIN?'}`);
    if (this.pinRefused) throw new Error(`The SIM in the ${this.description} refused its PIN; correct the PIN and restart the hub`);
    if (!this.options.pin) throw new Error(`The SIM in the ${this.description} asks for its PIN; name the environment variable that holds it in pinEnv`);
    try {
      await this.command(`AT+CPIN="${this.options.pin}"`);
    } catch (error) {
      if (error instanceof AtCommandError && error.kind !== 'timeout' && error.kind !== 'closed') {
        this.pinRefused = true;
        throw new Error(`The SIM in the ${this.description} refused its PIN; correct the PIN and restart the hub`);
      }
      throw error;
    }
  }

  /** Every little while: an answering modem is asked whether it still is; one that is down is set up again. */
  private async check(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      await this.exclusive(async () => {
        if (this.ready && this.port?.isOpen) await this.command('AT').catch((error: unknown) => this.markDown(error));
        else await this.connect();
      });
    } finally {
      this.checking = false;
    }
  }

  private markDown(error: unknown): void {
    this.ready = false;
    if (this.stopped) return;
    const message =
      error instanceof AtCommandError && error.kind === 'timeout'
        ? `The ${this.description} is not answering (${error.message})`
        : `The ${this.description} is not usable: ${messageOf(error)}`;
    this.reportHealth({ ok: false, message });
  }

  private reportHealth(health: GatewayHealth): void {
    if (this.health?.ok === health.ok && this.health.message === health.message) return;
    this.health = health;
    if (health.ok) this.options.log.info('SMS gateway is ready', { gateway: this.description });
    else this.options.log.warn('SMS gateway is not usable', { gateway: this.description, reason: health.message });
    this.handlers?.onHealth?.(health);
  }

  private handleUnsolicited({ line, data }: UnsolicitedResult): void {
    const stored = /^\+CMTI:\s*"?([A-Z]*)"?\s*,\s*(\d+)/.exec(line);
    if (stored) {
      const index = Number(stored[2]);
      void this.exclusive(() => this.readStored(index));
      return;
    }
    if (line.startsWith('+CMT:') && data !== undefined) {
      if (this.acknowledgeDirect) {
        this.session.run('AT+CNMA', { timeoutMs: this.options.commandTimeoutMs, urgent: true }).catch((error: unknown) =>
          this.options.log.warn('The GSM modem did not take the acknowledgement of a received text', { error: messageOf(error) }),
        );
      }
      this.receive(() => this.decodeDirect(line, data));
    }
  }

  /** +CMT comes as a PDU; only while a text-mode send is under way can it come as text (`+CMT: "<sender>",…`). */
  private decodeDirect(line: string, data: string): ReceivedPart {
    const textSender = /^\+CMT:\s*"([^"]*)"/.exec(line)?.[1];
    if (textSender === undefined) return decodeDeliverPdu(data, this.country());
    return { from: senderAsE164(textSender, false, this.country()), text: data };
  }

  private async readStored(index: number): Promise<void> {
    if (!this.ready) return;
    try {
      const lines = await this.command(`AT+CMGR=${index}`);
      const pdu = lines.find((line) => !line.startsWith('+CMGR:'));
      if (pdu !== undefined) this.receive(() => decodeDeliverPdu(pdu, this.country()));
      await this.command(`AT+CMGD=${index}`);
    } catch (error) {
      this.options.log.warn('Could not read a received text from the GSM modem', { index, error: messageOf(error) });
      if (error instanceof AtCommandError && (error.kind === 'timeout' || error.kind === 'closed')) this.markDown(error);
    }
  }

  /** Texts that arrived while nobody listened (the hub was down, or the modem was). */
  private async readAllStored(): Promise<void> {
    const lines = await this.command('AT+CMGL=4');
    const indexes: number[] = [];
    lines.forEach((line, i) => {
      const index = /^\+CMGL:\s*(\d+)/.exec(line)?.[1];
      const pdu = lines[i + 1];
      if (index === undefined || pdu === undefined) return;
      indexes.push(Number(index));
      this.receive(() => decodeDeliverPdu(pdu, this.country()));
    });
    for (const index of indexes) await this.command(`AT+CMGD=${index}`);
  }

  private receive(decode: () => ReceivedPart): void {
    let part: ReceivedPart;
    try {
      part = decode();
    } catch (error) {
      this.options.log.warn('Received a text the gateway cannot read; it is dropped', { error: messageOf(error) });
      return;
    }
    const text = this.texts.add(part);
    if (text === undefined) return;
    this.options.log.info('SMS received through the GSM modem', { from: maskPhone(part.from) });
    this.handlers?.onIncoming({ from: part.from, text });
  }

  private country(): CountryCode | undefined {
    return this.options.defaultCountry as CountryCode | undefined;
  }

  private write(data: string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`the serial port ${this.options.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(data, 'latin1'), (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
