/**
 * Where untrusted requests (MQTT payloads, REST bodies) become commands: the
 * payload is validated, the caller's right to issue it is checked, and only
 * then does the engine see it. REST and MQTT share this one path.
 */
import { lobbylineError, parseCommand, type Command, type CommandType } from '../contract/index.ts';
import { COMMANDS_BY_ROLE, type DeviceIdentity } from '../access/topic-rights.ts';
import type { Actor } from '../queue/index.ts';
import type { CommandResult, QueueEngine } from './engine.ts';

/** Who is asking: a device on the broker, an integration holding an API key, or a member of staff signed in at the desk. */
export type Caller =
  | { kind: 'device'; identity: DeviceIdentity; clientId: string }
  | { kind: 'integration'; keyId: string; address: string }
  | { kind: 'staff'; staffId: string; address: string }
  /**
   * The person waiting, proven by their status link or their phone number: may act on their own entry only.
   * With no entry yet (the public join page), they may only join a line as a remote waiter.
   */
  | { kind: 'person'; entryId: string | null; via: 'wait-page' | 'sms'; address?: string };

/** What a person may do about their own place in line. */
export const PERSON_COMMANDS: readonly CommandType[] = ['on-my-way', 'more-time', 'cancel'];

export function actorOf(caller: Caller): Actor {
  switch (caller.kind) {
    case 'device':
      return { kind: 'device', id: caller.identity.deviceId, device: caller.clientId };
    case 'integration':
      return { kind: 'integration', id: caller.keyId, device: caller.address };
    case 'staff':
      return { kind: 'staff', id: caller.staffId, device: caller.address };
    case 'person':
      return { kind: 'person', id: caller.entryId ?? 'joining', device: caller.address ? `${caller.via} ${caller.address}` : caller.via };
  }
}

export async function submitCommand(engine: QueueEngine, caller: Caller, type: string, payload: unknown): Promise<CommandResult> {
  const parsed = parseCommand(type, payload);
  if (!parsed.ok) return { ok: false, error: lobbylineError('invalid_request', parsed.message) };
  const refusal =
    caller.kind === 'device' ? deviceRefusal(engine, caller.identity, parsed.command) : caller.kind === 'person' ? personRefusal(caller.entryId, parsed.command) : null;
  if (refusal) return { ok: false, error: lobbylineError('forbidden', refusal) };
  return engine.execute(parsed.command, actorOf(caller));
}

function personRefusal(entryId: string | null, command: Command): string | null {
  if (entryId === null) {
    if (command.type !== 'enroll') return 'Join the line first';
    if (command.channel !== 'remote' || command.priority || command.reference) return 'Joining online is as a remote waiter, with no priority or reference';
    return null;
  }
  if (!PERSON_COMMANDS.includes(command.type)) return `Only staff can ${command.type.replace('-', ' ')}`;
  if (!('entryId' in command) || command.entryId !== entryId) return 'You can change only your own place in line';
  if (command.type === 'cancel' && command.reason !== 'left') return 'Leaving the line is recorded as the person leaving';
  return null;
}

/** Why a device may not issue this command, or null when it may. */
function deviceRefusal(engine: QueueEngine, identity: DeviceIdentity, command: Command): string | null {
  if (!COMMANDS_BY_ROLE[identity.role].includes(command.type)) {
    return `Device ${identity.deviceId} (${identity.role}) may not issue ${command.type}`;
  }
  if (identity.role !== 'counter') return null;
  // A counter button acts only for its own counter and whoever is at it.
  const ownCounter = identity.counterId;
  if ('counterId' in command && command.counterId !== ownCounter) {
    return `Counter button ${identity.deviceId} belongs to ${ownCounter}, not ${command.counterId}`;
  }
  if ('entryId' in command && (!command.entryId || engine.state.entries[command.entryId]?.counterId !== ownCounter)) {
    return `Counter button ${identity.deviceId} can act only on the person called to ${ownCounter}`;
  }
  return null;
}
