/**
 * What the broker knows about each connection beyond what aedes keeps: who
 * authenticated on it, and the client id as the CONNECT packet carried it
 * (aedes replaces an empty one with `aedes_<uuid>` before `authenticate` runs).
 */
import type { Client } from 'aedes';
import type { DeviceIdentity } from '../access/index.ts';

interface ConnectFacts {
  requestedClientId: string;
  clean: boolean;
}

/** The parts of an aedes Client that aedes does not declare in its types. */
interface ClientInternals {
  /** The will from CONNECT while `authenticate` runs; aedes stores it after. */
  _will?: WillPacket | null;
  /** The stored will; null once published or after a clean DISCONNECT. */
  will?: WillPacket | null;
}

export interface WillPacket {
  topic: string;
  payload: Buffer | string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export class Sessions {
  private readonly identities = new WeakMap<Client, DeviceIdentity>();
  private readonly connects = new WeakMap<Client, ConnectFacts>();

  noteConnect(client: Client, facts: ConnectFacts): void {
    this.connects.set(client, facts);
  }

  connectFacts(client: Client): ConnectFacts | undefined {
    return this.connects.get(client);
  }

  setIdentity(client: Client, identity: DeviceIdentity): void {
    this.identities.set(client, identity);
  }

  identityOf(client: Client): DeviceIdentity | undefined {
    return this.identities.get(client);
  }
}

/** The will a client sent in CONNECT, readable and removable while `authenticate` runs. */
export function pendingWill(client: Client): WillPacket | null {
  return (client as unknown as ClientInternals)._will ?? null;
}

export function dropPendingWill(client: Client): void {
  (client as unknown as ClientInternals)._will = null;
}

/** True when aedes is asking to publish this client's Last Will (it does so after the connection is gone). */
export function isWillOf(client: Client, packet: object): boolean {
  return (client as unknown as ClientInternals).will === packet;
}
