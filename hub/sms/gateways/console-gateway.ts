/**
 * The demo's SMS outbox: every text is printed to the terminal (and appended
 * to a file when one is configured) instead of going to a phone, so the
 * whole system runs on one machine. Numbers are shown masked.
 */
import { appendFile } from 'node:fs/promises';
import type { Logger } from '../../log.ts';
import type { GatewayHandlers, IncomingSms, OutgoingSms, SendResult, SmsGateway } from '../gateway.ts';
import { maskPhone } from '../mask-phone.ts';

export interface ConsoleGatewayOptions {
  /** Where texts are shown; default: standard output. */
  print?: (text: string) => void;
  /** A file that receives the same lines, appended. */
  file?: string;
  log?: Logger;
}

export class ConsoleSmsGateway implements SmsGateway {
  readonly description: string;
  private handlers: GatewayHandlers | undefined;
  private sent = 0;

  constructor(private readonly options: ConsoleGatewayOptions = {}) {
    this.description = options.file ? `console (and ${options.file})` : 'console';
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    handlers.onHealth?.({ ok: true, message: 'Texts are shown on the terminal, not sent' });
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    const providerId = `console-${++this.sent}`;
    const shown = formatText(maskPhone(sms.to), sms.text, providerId);
    (this.options.print ?? ((text) => process.stdout.write(text)))(shown);
    if (this.options.file) {
      try {
        await appendFile(this.options.file, shown);
      } catch (error) {
        const reason = `Could not append the text to ${this.options.file}: ${error instanceof Error ? error.message : String(error)}`;
        this.options.log?.warn('Console SMS outbox file not writable', { file: this.options.file, reason });
        return { ok: false, retryable: true, reason };
      }
    }
    this.options.log?.info('SMS shown on the console', { to: maskPhone(sms.to), providerId });
    return { ok: true, providerId };
  }

  /** A reply typed in by whoever runs the demo (or a test): handed on as if a phone had sent it. */
  receive(sms: IncomingSms): void {
    if (!this.handlers) throw new Error('The console SMS gateway is not started');
    this.handlers.onIncoming(sms);
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
  }
}

function formatText(maskedTo: string, text: string, providerId: string): string {
  const body = text.split(/\r?\n/).map((line) => `  │ ${line}`).join('\n');
  return `SMS to ${maskedTo} (${providerId})\n${body}\n`;
}
