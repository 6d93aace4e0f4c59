/**
 * Commands over MQTT: a device publishes `{"id": "<correlation id>", ...fields}`
 * to command/{type}; the hub runs it and answers `{id, ok, result | error}` on
 * reply/{clientId}. The request itself is never routed to subscribers nor
 * retained (see authorize.ts). Everything wrong with a request gets an error
 * reply that says what to fix; nothing is executed and the client stays connected.
 */
import { COMMAND_TYPES, correlationId, isCommandType, MAX_COMMAND_BYTES } from '../contract/index.ts';
import { commandTypeRefusal, type DeviceIdentity } from '../access/index.ts';
import { errorReply, type SendReply } from './replies.ts';
import type { BrokerLog, ExecuteCommand } from './types.ts';

/** How many of one client's commands may await their replies at once; more is a flood, not a person at a kiosk. */
export const DEFAULT_MAX_PENDING_COMMANDS = 32;

export interface CommandRequestsOptions {
  executeCommand: ExecuteCommand;
  reply: SendReply;
  log: BrokerLog;
  maxPending?: number;
}

export class CommandRequests {
  private readonly pending = new Map<string, number>();
  private readonly maxPending: number;

  constructor(private readonly options: CommandRequestsOptions) {
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_COMMANDS;
  }

  /** Commands of this client still awaiting their replies. */
  pendingFor(clientId: string): number {
    return this.pending.get(clientId) ?? 0;
  }

  /** Takes one request; answers it later on the client's reply topic. Never throws. */
  handle(identity: DeviceIdentity, clientId: string, type: string, payload: Buffer): void {
    const { reply } = this.options;
    const refuse = (id: string, code: Parameters<typeof errorReply>[1], message: string) => {
      this.options.log('debug', 'MQTT command refused', { clientId, deviceId: identity.deviceId, type, id, code, reason: message });
      reply(clientId, errorReply(id, code, message));
    };

    if (payload.length > MAX_COMMAND_BYTES) {
      return refuse(peekId(payload), 'too_large', `The request is ${payload.length} bytes; commands may be at most ${MAX_COMMAND_BYTES} bytes`);
    }
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      return refuse('', 'invalid_request', 'The request is not valid JSON; send {"id": "<correlation id>", ...fields}');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse('', 'invalid_request', 'The request must be a JSON object: {"id": "<correlation id>", ...fields}');
    }
    const { id, ...fields } = body as Record<string, unknown>;
    const checkedId = correlationId.safeParse(id);
    if (!checkedId.success) {
      return refuse('', 'invalid_request', 'The request needs an "id": a string of 1-64 characters, echoed in the reply');
    }
    const requestId = checkedId.data;
    if (!isCommandType(type)) {
      return refuse(requestId, 'invalid_request', `Unknown command '${type}'. Known commands: ${COMMAND_TYPES.join(', ')}`);
    }
    const refusal = commandTypeRefusal(identity, clientId, type);
    if (refusal) return refuse(requestId, 'forbidden', refusal);
    const inFlight = this.pendingFor(clientId);
    if (inFlight >= this.maxPending) {
      return refuse(requestId, 'rate_limited', `${inFlight} commands from this client are still being processed; wait for their replies`);
    }

    this.pending.set(clientId, inFlight + 1);
    let outcome;
    try {
      outcome = this.options.executeCommand(identity, type, fields, clientId);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    Promise.resolve(outcome)
      .then(
        (result) => reply(clientId, { id: requestId, ...result }),
        (error: unknown) => {
          this.options.log('error', 'MQTT command failed', {
            clientId,
            type,
            id: requestId,
            error: error instanceof Error ? error.message : String(error),
          });
          reply(clientId, errorReply(requestId, 'unavailable', 'The hub could not process this command; try again'));
        },
      )
      .finally(() => {
        const left = this.pendingFor(clientId) - 1;
        if (left > 0) this.pending.set(clientId, left);
        else this.pending.delete(clientId);
      });
  }
}

/**
 * The correlation id of a request too large to read, if it starts with one as
 * `JSON.stringify({ id, ...fields })` writes it; only the first bytes are looked at.
 */
function peekId(payload: Buffer): string {
  const head = payload.subarray(0, 128).toString('utf8');
  return /^\s*\{\s*"id"\s*:\s*"([A-Za-z0-9_.:-]{1,64})"/.exec(head)?.[1] ?? '';
}
