/**
 * What the SMS notifier needs from a way of sending texts: a GSM modem on a
 * serial port, an HTTP SMS provider, or the console outbox used by the demo.
 * The notifier owns retries and idempotency (its SQLite outbox); a gateway
 * makes one attempt per `send` and says whether trying again could help.
 */

/** A text to one phone. */
export interface OutgoingSms {
  /** E.164, e.g. +15551234567. */
  to: string;
  text: string;
  /**
   * The same for every attempt at the same notification. Gateways that can
   * (HTTP providers' idempotency headers) pass it on, so a retry after a lost
   * response is not sent twice.
   */
  idempotencyKey: string;
}

export type SendResult =
  /** The modem (+CMGS) or provider accepted it; `providerId` is its message reference or SID. */
  | { ok: true; providerId: string }
  /** `retryable`: a timeout, a 5xx, a busy modem; not retryable: a refused number, a 4xx. */
  | { ok: false; retryable: boolean; reason: string };

/** A text someone sent to the site's number (a reply such as STOP or "1"). */
export interface IncomingSms {
  /** E.164 where the gateway can tell; otherwise as received. */
  from: string;
  text: string;
}

/** A provider's later word on a sent text (HTTP status callbacks, modem status reports). */
export interface DeliveryReport {
  providerId: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  reason?: string;
}

/** For the staff alert: is the gateway usable right now, and if not, why. */
export interface GatewayHealth {
  ok: boolean;
  message: string;
}

export interface GatewayHandlers {
  onIncoming(sms: IncomingSms): void;
  onDelivery?(report: DeliveryReport): void;
  onHealth?(health: GatewayHealth): void;
}

export interface SmsGateway {
  /** For logs and the staff alert, e.g. "GSM modem /dev/ttyUSB2". */
  readonly description: string;
  start(handlers: GatewayHandlers): Promise<void>;
  /** One attempt. Never throws: failures are results. */
  send(sms: OutgoingSms): Promise<SendResult>;
  stop(): Promise<void>;
}
