/**
 * Who is asking. Every rule in hub/access starts from one of these: a device
 * signed in to the broker (or an anonymous reader), an integration holding an
 * API key, staff signed in at the desk, or the person waiting. Role names come
 * from contract/roles.ts; only what they may do is decided here.
 */
import type { Actor } from '../contract/events.ts';
import type { DeviceRole } from '../contract/roles.ts';

/** A broker client's role: a device's role from the site file, or anonymous for a reader without credentials. */
export type Role = DeviceRole | 'anonymous';

export interface DeviceIdentity {
  /** The device's id from the site file (its MQTT username); empty for anonymous clients. */
  deviceId: string;
  role: Role;
  /** For a counter button: the one counter it acts for. */
  counterId?: string;
}

export const ANONYMOUS: DeviceIdentity = Object.freeze({ deviceId: '', role: 'anonymous' as const });

/** Who is asking: a device on the broker, an integration holding an API key, or a member of staff signed in at the desk. */
export type Caller =
  | { kind: 'device'; identity: DeviceIdentity; clientId: string }
  /** `agent`: the person acting through it, as the integration names them (a contact-center agent). */
  | { kind: 'integration'; keyId: string; address: string; agent?: string }
  | { kind: 'staff'; staffId: string; address: string }
  /**
   * The person waiting, proven by their status link or their phone number: may act on their own entry only.
   * With no entry yet, they may only join a line: as a remote waiter (the public join page, a keyword texted in),
   * or as a phone caller through the phone menu.
   */
  | { kind: 'person'; entryId: string | null; via: 'wait-page' | 'sms' | 'phone-menu'; address?: string };

/** The identity a device from the site file signs in with. */
export function deviceIdentity(device: { id: string; role: DeviceRole; counterId?: string | undefined }): DeviceIdentity {
  return { deviceId: device.id, role: device.role, ...(device.counterId && { counterId: device.counterId }) };
}

/** How the audit trail records the caller. */
export function actorOf(caller: Caller): Actor {
  switch (caller.kind) {
    case 'device':
      return { kind: 'device', id: caller.identity.deviceId, device: caller.clientId };
    case 'integration':
      return { kind: 'integration', id: caller.keyId, device: caller.address, ...(caller.agent && { name: caller.agent }) };
    case 'staff':
      return { kind: 'staff', id: caller.staffId, device: caller.address };
    case 'person':
      return { kind: 'person', id: caller.entryId ?? 'joining', device: caller.address ? `${caller.via} ${caller.address}` : caller.via };
  }
}

/** A broker client as a refusal names it, at the start of a sentence: "Device kiosk-1 (kiosk)", "Anonymous client tv-7". */
export function describeClient(identity: DeviceIdentity, clientId: string): string {
  return identity.role === 'anonymous' ? `Anonymous client ${clientId}` : `Device ${identity.deviceId} (${identity.role})`;
}
