/** Who may do what, rule by rule, asked of hub/access as the broker, the gateway and the desk ask it. */
import { describe, expect, it } from 'vitest';
import { siteTopics, type Command } from '../../hub/contract/index.ts';
import {
  ANONYMOUS,
  actorOf,
  canPublish,
  canSubscribe,
  clientIdOwner,
  clientIdRefusal,
  commandRefusal,
  deviceIdentity,
  staffRefusal,
  type Caller,
  type DeviceIdentity,
} from '../../hub/access/index.ts';
import { clinicConfig, Line } from '../helpers/queue.ts';

const SITE = 'clinic';
const topics = siteTopics(SITE);

const kiosk = deviceIdentity({ id: 'kiosk-1', role: 'kiosk' });
const display = deviceIdentity({ id: 'tv-1', role: 'display' });
const button = deviceIdentity({ id: 'button-c1', role: 'counter', counterId: 'c1' });
const desk = deviceIdentity({ id: 'desk-1', role: 'desk' });
const mirror = deviceIdentity({ id: 'mirror-1', role: 'mirror' });

const device = (identity: DeviceIdentity): Caller => ({ kind: 'device', identity, clientId: `${identity.deviceId}-client` });
const person = (entryId: string | null): Caller => ({ kind: 'person', entryId, via: 'wait-page' });

/** A line with one person at counter 1, one at counter 2 and one still waiting. */
function clinic(config = clinicConfig()) {
  const line = new Line(config);
  line.open('c1', 'c2');
  const atC1 = line.enroll('lab');
  const atC2 = line.enroll('lab');
  const waiting = line.enroll('lab');
  line.ok({ type: 'call-next', counterId: 'c1' });
  line.ok({ type: 'call-next', counterId: 'c2' });
  const refusal = (caller: Caller, command: Command) => commandRefusal(caller, command, line);
  return { atC1, atC2, waiting, refusal };
}

describe('devices issue the commands of their role', () => {
  it('a kiosk may enroll, check in and reprint, but not call-next', () => {
    const { refusal } = clinic();
    expect(refusal(device(kiosk), { type: 'enroll', serviceId: 'lab', channel: 'kiosk' })).toBeNull();
    expect(refusal(device(kiosk), { type: 'check-in', reference: 'A-1', channel: 'kiosk' })).toBeNull();
    expect(refusal(device(kiosk), { type: 'call-next', counterId: 'c1' })).toBe('Device kiosk-1 (kiosk) may not issue call-next');
  });

  it('a kiosk may not change anyone\'s channel: "call me back instead" there is asked as the holder of the scanned ticket\'s link', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(device(kiosk), { type: 'change-channel', entryId: waiting, channel: 'phone', phone: '+12125550123' })).toBe('Device kiosk-1 (kiosk) may not issue change-channel');
    expect(refusal({ kind: 'person', entryId: waiting, via: 'wait-page' }, { type: 'change-channel', entryId: waiting, channel: 'phone', phone: '+12125550123' })).toBeNull();
    expect(refusal({ kind: 'person', entryId: waiting, via: 'wait-page' }, { type: 'change-channel', entryId: waiting, channel: 'kiosk' })).toBe('You can ask to be called back; staff change the rest');
  });

  it('a display issues no commands at all', () => {
    const { refusal } = clinic();
    expect(refusal(device(display), { type: 'enroll', serviceId: 'lab', channel: 'kiosk' })).toBe('Device tv-1 (display) may not issue enroll');
  });

  it('the desk device may issue every command', () => {
    const { atC2, refusal } = clinic();
    expect(refusal(device(desk), { type: 'move', entryId: atC2, toPosition: 1 })).toBeNull();
    expect(refusal(device(desk), { type: 'call-next', counterId: 'c3' })).toBeNull();
  });

  it('the mirror may enroll and cancel for the contact center, but not move people', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(device(mirror), { type: 'cancel', entryId: waiting })).toBeNull();
    expect(refusal(device(mirror), { type: 'move', entryId: waiting, toPosition: 1 })).toBe('Device mirror-1 (mirror) may not issue move');
  });
});

describe('a kiosk enrols as a kiosk, with the priorities the site allows there', () => {
  it('enrols and checks in on the kiosk channel only', () => {
    const { refusal } = clinic();
    for (const channel of ['remote', 'phone', 'desk'] as const) {
      expect(refusal(device(kiosk), { type: 'enroll', serviceId: 'lab', channel })).toBe(`Kiosk kiosk-1 enrols people at the kiosk, not by ${channel}`);
      expect(refusal(device(kiosk), { type: 'check-in', reference: 'A-1', channel })).toBe(`Kiosk kiosk-1 enrols people at the kiosk, not by ${channel}`);
    }
  });

  it('gives no priority by default, and what the site lists when it lists more', () => {
    const { refusal } = clinic();
    expect(refusal(device(kiosk), { type: 'enroll', serviceId: 'lab', channel: 'kiosk', priority: 0 })).toBeNull();
    expect(refusal(device(kiosk), { type: 'enroll', serviceId: 'lab', channel: 'kiosk', priority: 9 })).toBe(
      'Kiosk kiosk-1 may give priority 0, not 9: staff give higher priority',
    );
    const generous = clinic(clinicConfig({ kioskClasses: [0, 1] })).refusal;
    expect(generous(device(kiosk), { type: 'enroll', serviceId: 'lab', channel: 'kiosk', priority: 1 })).toBeNull();
    expect(generous(device(kiosk), { type: 'enroll', serviceId: 'lab', channel: 'kiosk', priority: 2 })).toBe(
      'Kiosk kiosk-1 may give priority 0 or 1, not 2: staff give higher priority',
    );
  });

  it('leaves channels and priorities to staff, integrations and the desk device', () => {
    const { refusal } = clinic();
    const command = { type: 'enroll', serviceId: 'lab', channel: 'phone', priority: 9 } as const;
    expect(refusal(device(desk), command)).toBeNull();
    expect(refusal({ kind: 'staff', staffId: 'ana', address: '10.0.0.5' }, command)).toBeNull();
    expect(refusal({ kind: 'integration', keyId: 'cc', address: '10.0.0.6' }, command)).toBeNull();
  });
});

describe('the mirror enrols phone callers', () => {
  it('on the phone channel only', () => {
    const { refusal } = clinic();
    expect(refusal(device(mirror), { type: 'enroll', serviceId: 'lab', channel: 'phone', priority: 1 })).toBeNull();
    expect(refusal(device(mirror), { type: 'enroll', serviceId: 'lab', channel: 'kiosk' })).toBe('Mirror mirror-1 enrols phone callers, not people waiting by kiosk');
    expect(refusal(device(mirror), { type: 'check-in', reference: 'A-1', channel: 'desk' })).toBe('Mirror mirror-1 enrols phone callers, not people waiting by desk');
  });
});

describe('a counter button acts only for its counter and whoever is at it', () => {
  it('calls the next person to its own counter, not to another', () => {
    const { refusal } = clinic();
    expect(refusal(device(button), { type: 'call-next', counterId: 'c1' })).toBeNull();
    expect(refusal(device(button), { type: 'call-next', counterId: 'c2' })).toBe('Counter button button-c1 belongs to c1, not c2');
  });

  it('serves the person called to its counter, and nobody else', () => {
    const { atC1, atC2, waiting, refusal } = clinic();
    expect(refusal(device(button), { type: 'start-serving', entryId: atC1 })).toBeNull();
    for (const entryId of [atC2, waiting]) {
      expect(refusal(device(button), { type: 'complete', entryId })).toBe('Counter button button-c1 can act only on the person called to c1');
    }
  });

  it('may not do what its role does not allow, even at its own counter', () => {
    const { atC1, refusal } = clinic();
    expect(refusal(device(button), { type: 'cancel', entryId: atC1 })).toBe('Device button-c1 (counter) may not issue cancel');
  });
});

describe('a person may only act on their own entry', () => {
  it('may say they are on their way, ask for more time, or leave', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(person(waiting), { type: 'on-my-way', entryId: waiting })).toBeNull();
    expect(refusal(person(waiting), { type: 'more-time', entryId: waiting })).toBeNull();
    expect(refusal(person(waiting), { type: 'cancel', entryId: waiting, reason: 'left' })).toBeNull();
  });

  it("may not touch someone else's place", () => {
    const { waiting, atC1, refusal } = clinic();
    expect(refusal(person(waiting), { type: 'more-time', entryId: atC1 })).toBe('You can change only your own place in line');
  });

  it('leaves as themselves, not as if staff had removed them', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(person(waiting), { type: 'cancel', entryId: waiting, reason: 'staff' })).toBe('Leaving the line is recorded as the person leaving');
  });

  it('may not do what only staff do', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(person(waiting), { type: 'move', entryId: waiting, toPosition: 1 })).toBe('Only staff can move');
    expect(refusal(person(waiting), { type: 'call-next', counterId: 'c1' })).toBe('Only staff can call next');
  });

  it('without an entry, may only join online as a remote waiter', () => {
    const { waiting, refusal } = clinic();
    expect(refusal(person(null), { type: 'enroll', serviceId: 'lab', channel: 'remote' })).toBeNull();
    expect(refusal(person(null), { type: 'enroll', serviceId: 'lab', channel: 'kiosk' })).toBe(
      'Joining online is as a remote waiter, with no priority or reference',
    );
    expect(refusal(person(null), { type: 'enroll', serviceId: 'lab', channel: 'remote', priority: 1 })).toBe(
      'Joining online is as a remote waiter, with no priority or reference',
    );
    expect(refusal(person(null), { type: 'on-my-way', entryId: waiting })).toBe('Join the line first');
  });

  it('is recorded in the audit trail by their entry and how they reached the hub', () => {
    expect(actorOf({ kind: 'person', entryId: 'e1', via: 'sms', address: '+15550100' })).toEqual({ kind: 'person', id: 'e1', device: 'sms +15550100' });
    expect(actorOf(person(null))).toEqual({ kind: 'person', id: 'joining', device: 'wait-page' });
  });
});

describe('integrations and staff run the line', () => {
  it('may issue any command on any entry or counter', () => {
    const { atC2, refusal } = clinic();
    const integration: Caller = { kind: 'integration', keyId: 'contact-center', address: '10.0.0.5' };
    const staff: Caller = { kind: 'staff', staffId: 'ana', address: '10.0.0.6' };
    for (const caller of [integration, staff]) {
      expect(refusal(caller, { type: 'move', entryId: atC2, toPosition: 1 })).toBeNull();
      expect(refusal(caller, { type: 'call-next', counterId: 'c3' })).toBeNull();
    }
  });
});

describe('only a manager sees reports and staff accounts', () => {
  const manager = { role: 'manager' } as const;
  const staff = { role: 'staff' } as const;

  it('a manager may see reports, see staff accounts and add one', () => {
    expect(staffRefusal(manager, 'see-reports')).toBeNull();
    expect(staffRefusal(manager, 'see-staff-accounts')).toBeNull();
    expect(staffRefusal(manager, 'add-staff-account')).toBeNull();
  });

  it('other staff are told who can', () => {
    expect(staffRefusal(staff, 'see-reports')).toBe('Only a manager can see the reports');
    expect(staffRefusal(staff, 'see-staff-accounts')).toBe('Only a manager can see the staff accounts');
    expect(staffRefusal(staff, 'add-staff-account')).toBe('Only a manager can add staff accounts');
  });
});

describe('MQTT topics', () => {
  it('anonymous reads only public topics and publishes nothing', () => {
    expect(canSubscribe(SITE, ANONYMOUS, 'tv', topics.publicAll)).toBe(true);
    expect(canSubscribe(SITE, ANONYMOUS, 'tv', topics.reply('tv'))).toBe(false);
    expect(canSubscribe(SITE, ANONYMOUS, 'tv', topics.events)).toBe(false);
    expect(canPublish(SITE, ANONYMOUS, 'tv', topics.command('enroll'))).toEqual({ ok: false, reason: 'Anonymous client tv may not issue enroll' });
  });

  it('a device reads its own replies, not those of another client', () => {
    expect(canSubscribe(SITE, display, 'tv-1', topics.reply('tv-1'))).toBe(true);
    expect(canSubscribe(SITE, display, 'tv-1', topics.reply('kiosk-1'))).toBe(false);
  });

  it("a kiosk reads its own jobs, status and scans; no wildcard reaches another kiosk's", () => {
    expect(canSubscribe(SITE, kiosk, 'k', topics.deviceJobs('kiosk-1'))).toBe(true);
    expect(canSubscribe(SITE, kiosk, 'k', topics.deviceScans('kiosk-1'))).toBe(true);
    expect(canSubscribe(SITE, kiosk, 'k', topics.deviceJobs('kiosk-2'))).toBe(false);
    expect(canSubscribe(SITE, kiosk, 'k', `${topics.base}/devices/+/jobs`)).toBe(false);
    expect(canSubscribe(SITE, kiosk, 'k', `${topics.base}/#`)).toBe(false);
  });

  it('only the desk and the mirror read the private event stream; only the desk reads every device status', () => {
    expect(canSubscribe(SITE, desk, 'd', topics.events)).toBe(true);
    expect(canSubscribe(SITE, mirror, 'm', topics.events)).toBe(true);
    expect(canSubscribe(SITE, button, 'b', topics.events)).toBe(false);
    expect(canSubscribe(SITE, desk, 'd', topics.deviceStatusAll)).toBe(true);
    expect(canSubscribe(SITE, mirror, 'm', topics.deviceStatusAll)).toBe(false);
  });

  it('a command topic is open to the roles that may issue it', () => {
    expect(canPublish(SITE, kiosk, 'k', topics.command('enroll'))).toEqual({ ok: true });
    expect(canPublish(SITE, kiosk, 'k', topics.command('call-next'))).toEqual({ ok: false, reason: 'Device kiosk-1 (kiosk) may not issue call-next' });
  });

  it('a device publishes only its own status, and only a kiosk its own scans', () => {
    expect(canPublish(SITE, kiosk, 'k', topics.deviceStatus('kiosk-1'))).toEqual({ ok: true });
    expect(canPublish(SITE, kiosk, 'k', topics.deviceStatus('kiosk-2')).ok).toBe(false);
    expect(canPublish(SITE, kiosk, 'k', topics.deviceScans('kiosk-1'))).toEqual({ ok: true });
    expect(canPublish(SITE, display, 'tv', topics.deviceScans('tv-1')).ok).toBe(false);
  });

  it('only the hub publishes public state, replies, events and jobs', () => {
    for (const topic of [topics.nowServing, topics.reply('d'), topics.events, topics.deviceJobs('kiosk-1')]) {
      expect(canPublish(SITE, desk, 'd', topic)).toEqual({ ok: false, reason: `Only the hub publishes to ${topic}` });
    }
  });
});

describe('MQTT client ids that name a device belong to it', () => {
  const devices = new Set(['kiosk-1', 'kiosk-12', 'kiosk', 'button-c1']);
  const isDeviceId = (id: string) => devices.has(id);

  it.each([
    ['kiosk-1', 'kiosk-1'],
    ['kiosk-1-agent', 'kiosk-1'],
    ['kiosk-1-screen-x7f2', 'kiosk-1'],
    ['kiosk-12-agent', 'kiosk-12'],
    ['kiosk-9-agent', 'kiosk'],
    ['button-c1', 'button-c1'],
    ['kiosk1', undefined],
    ['lobby-tv', undefined],
    ['-kiosk-1', undefined],
  ])('%s belongs to %s', (clientId, owner) => {
    expect(clientIdOwner(clientId, isDeviceId)).toBe(owner);
  });

  it('refuses another device and anonymous readers, and lets the owner in', () => {
    expect(clientIdRefusal(kiosk, 'kiosk-1-agent', isDeviceId)).toBeNull();
    expect(clientIdRefusal(ANONYMOUS, 'kiosk-1-agent', isDeviceId)).toBe('Client id kiosk-1-agent belongs to device kiosk-1');
    expect(clientIdRefusal(deviceIdentity({ id: 'kiosk-12', role: 'kiosk' }), 'kiosk-1-agent', isDeviceId)).toMatch(/belongs to device kiosk-1$/);
    expect(clientIdRefusal(ANONYMOUS, 'lobby-tv-3', isDeviceId)).toBeNull();
  });
});
