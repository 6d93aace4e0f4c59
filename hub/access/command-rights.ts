/**
 * Which caller may issue which command, and on which entry or counter. On the
 * MQTT path this is asked twice: by the topic before the payload is read (may
 * this role send this command at all?), and by the command gateway once it is
 * (which counter, whose entry).
 */
import { COMMAND_TYPES, type Command, type CommandType } from '../contract/index.ts';
import type { QueueConfig, QueueState } from '../queue/index.ts';
import { describeClient, type Caller, type DeviceIdentity, type Role } from './callers.ts';

/** `undo` (taking back a no-show, done or cancel) is staff's: the desk device has it with everything, no other device does. */
const COMMANDS_BY_ROLE: Record<Role, readonly CommandType[]> = {
  anonymous: [],
  display: [],
  kiosk: ['enroll', 'check-in', 'reprint', 'arrived', 'continue-visit'],
  counter: ['call-next', 'recall', 'start-serving', 'complete', 'no-show', 'set-counter-status'],
  desk: COMMAND_TYPES,
  mirror: ['enroll', 'cancel', 'check-in', 'start-serving', 'complete', 'no-show', 'callback-result'],
};

/** What a person may do about their own place in line ('change-channel': "call me back instead"). */
const PERSON_COMMANDS: readonly CommandType[] = ['on-my-way', 'more-time', 'cancel', 'arrived', 'change-channel'];

/**
 * Where a person's "I'm here" can come from: their status link opened on their phone or
 * scanned at a kiosk (which then asks as them, holding the link), or a reply text.
 * A caller still in the phone menu has no place to arrive at yet.
 */
const PERSON_ARRIVED_VIA: Record<'wait-page' | 'sms' | 'phone-menu', readonly string[]> = { 'wait-page': ['status-page', 'kiosk-scan'], sms: ['text'], 'phone-menu': [] };

/** Why this broker client's role may not issue `type` at all, or null when it may. */
export function commandTypeRefusal(identity: DeviceIdentity, clientId: string, type: CommandType): string | null {
  if (COMMANDS_BY_ROLE[identity.role].includes(type)) return null;
  return `${describeClient(identity, clientId)} may not issue ${type}`;
}

/**
 * Why `caller` may not issue `command`, or null when it may. `line.state` is
 * the committed queue: it says who is at a counter; `line.config` says which
 * priorities a kiosk may give.
 */
export function commandRefusal(caller: Caller, command: Command, line: { state: QueueState; config: QueueConfig }): string | null {
  switch (caller.kind) {
    case 'device':
      return (
        commandTypeRefusal(caller.identity, caller.clientId, command.type) ??
        kioskRefusal(caller.identity, command, line.config) ??
        mirrorRefusal(caller.identity, command) ??
        counterButtonRefusal(caller.identity, command, line.state)
      );
    case 'person':
      return personRefusal(caller.entryId, caller.via, command);
    // An integration holds a key the site issued and staff have signed in: both run the line, so any command is theirs.
    case 'integration':
    case 'staff':
      return null;
  }
}

/** A kiosk enrols and checks in people at the kiosk, with only the priorities the site gives there. */
function kioskRefusal(identity: DeviceIdentity, command: Command, config: QueueConfig): string | null {
  if (identity.role !== 'kiosk') return null;
  if ((command.type === 'enroll' || command.type === 'check-in' || command.type === 'continue-visit') && command.channel !== 'kiosk') {
    return `Kiosk ${identity.deviceId} enrols people at the kiosk, not by ${command.channel}`;
  }
  if (command.type === 'arrived' && command.via !== 'kiosk-scan') return `Kiosk ${identity.deviceId} records arrivals by a scan at the kiosk, not by ${command.via}`;
  if (command.type === 'enroll' && !config.priority.kioskClasses.includes(command.priority ?? 0)) {
    return `Kiosk ${identity.deviceId} may give priority ${config.priority.kioskClasses.join(' or ')}, not ${command.priority}: staff give higher priority`;
  }
  return null;
}

/** The mirror brings in the contact center's phone callers, so they wait by phone. */
function mirrorRefusal(identity: DeviceIdentity, command: Command): string | null {
  if (identity.role !== 'mirror') return null;
  if ((command.type === 'enroll' || command.type === 'check-in') && command.channel !== 'phone') {
    return `Mirror ${identity.deviceId} enrols phone callers, not people waiting by ${command.channel}`;
  }
  return null;
}

/** A counter button acts only for its own counter and whoever is at it. */
function counterButtonRefusal(identity: DeviceIdentity, command: Command, state: QueueState): string | null {
  if (identity.role !== 'counter') return null;
  const ownCounter = identity.counterId;
  if ('counterId' in command && command.counterId !== ownCounter) {
    return `Counter button ${identity.deviceId} belongs to ${ownCounter}, not ${command.counterId}`;
  }
  if ('entryId' in command && (!command.entryId || state.entries[command.entryId]?.counterId !== ownCounter)) {
    return `Counter button ${identity.deviceId} can act only on the person called to ${ownCounter}`;
  }
  return null;
}

/** A person acts only on their own entry, and without one may only join: online or by text as a remote waiter, through the phone menu as a caller. */
function personRefusal(entryId: string | null, via: 'wait-page' | 'sms' | 'phone-menu', command: Command): string | null {
  if (entryId === null) {
    // Already in line by phone: the join page goes on with that visit, as a remote waiter.
    if (command.type === 'continue-visit') return command.channel === 'remote' ? null : 'Online, a visit goes on as a remote waiter';
    if (command.type !== 'enroll') return 'Join the line first';
    if (via === 'phone-menu') {
      if (command.channel !== 'phone' || command.priority || command.reference) return 'Joining by phone is as a phone caller, with no priority or reference';
      return null;
    }
    if (command.channel !== 'remote' || command.priority || command.reference) return 'Joining online is as a remote waiter, with no priority or reference';
    return null;
  }
  if (!PERSON_COMMANDS.includes(command.type)) return `Only staff can ${command.type.replace('-', ' ')}`;
  if (!('entryId' in command) || command.entryId !== entryId) return 'You can change only your own place in line';
  if (command.type === 'cancel' && command.reason !== 'left') return 'Leaving the line is recorded as the person leaving';
  if (command.type === 'arrived' && !PERSON_ARRIVED_VIA[via].includes(command.via)) return PERSON_ARRIVED_VIA[via].length === 0 ? `An arrival cannot be told through the ${via}` : `An arrival told ${via === 'sms' ? 'by text' : 'from a status link'} is recorded as ${PERSON_ARRIVED_VIA[via].join(' or ')}`;
  if (command.type === 'change-channel' && command.channel !== 'phone') return 'You can ask to be called back; staff change the rest';
  return null;
}
