/** Types shared by the broker's handlers and its wiring. */
import type { LobbylineError } from '../contract/index.ts';
import type { DeviceIdentity } from '../access/index.ts';

export type BrokerLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type BrokerLog = (level: BrokerLogLevel, message: string, fields: Record<string, unknown>) => void;

export type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: LobbylineError };

/**
 * Runs a command for a device; the lowest boundary the broker knows about.
 * `payload` is the request's fields without its correlation id, not yet validated.
 */
export type ExecuteCommand = (identity: DeviceIdentity, type: string, payload: unknown, clientId: string) => Promise<CommandOutcome>;

/** What the hub sends on reply/{clientId}: the request's id and the outcome (see CommandReply). */
export type Reply = { id: string } & CommandOutcome;

/** A device as the site file knows it: who it is and its password hash. */
export interface DeviceRecord {
  identity: DeviceIdentity;
  secretHash: string;
}
