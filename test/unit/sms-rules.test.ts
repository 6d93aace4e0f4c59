/** Which texts are due after a commit, decided from the queue domain's own events and state. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../hub/contract/index.ts';
import { smsConfigSchema, type SmsConfig } from '../../hub/sms/config.ts';
import { movedALot, notificationsAfterCommit, notificationsAtStart, type DueNotification, type ToldCallback } from '../../hub/sms/rules.ts';
import { smsText } from '../../hub/sms/templates.ts';
import { Line, MINUTE } from '../helpers/queue.ts';

const PHONES = ['+12015550101', '+12015550102', '+12015550103', '+12015550104', '+12015550105', '+12015550106'];

function smsConfig(extra: Record<string, unknown> = {}): SmsConfig {
  return smsConfigSchema.parse({ gateway: { type: 'console' }, ...extra });
}

/** A line whose texts are decided after every command, each key remembered as the outbox would. */
class TextedLine extends Line {
  readonly known = new Set<string>();
  /** What each phone caller was told about their callback time, as the notifier remembers it. */
  readonly told = new Map<string, ToldCallback>();
  constructor(readonly sms: SmsConfig = smsConfig()) {
    super();
  }

  /** Runs a command and returns the texts it made due. */
  commit(command: Command): DueNotification[] {
    const from = this.log.length;
    this.ok(command);
    return this.decide(this.log.slice(from));
  }

  decide(events = this.log.slice(-1)): DueNotification[] {
    const due = notificationsAfterCommit(events, this.state, { config: this.config, sms: this.sms, known: (key) => this.known.has(key), told: (id) => this.told.get(id) });
    for (const n of due) {
      this.known.add(n.key);
      if (n.message.kind === 'callback-confirmed' || n.message.kind === 'callback-moved') {
        this.told.set(n.entryId, { expectedAt: n.message.expectedAt, at: this.now, texts: (this.told.get(n.entryId)?.texts ?? 0) + 1 });
      }
    }
    return due;
  }

  join(serviceId: string, phone: string | undefined, extra: Partial<Extract<Command, { type: 'enroll' }>> = {}): { id: string; due: DueNotification[] } {
    const due = this.commit({ type: 'enroll', serviceId, channel: 'remote', ...(phone && { phone }), ...extra });
    return { id: Object.keys(this.state.entries).at(-1)!, due };
  }
}

const summary = (due: DueNotification[]) => due.map((n) => `${n.message.kind} ${n.to}`);

describe('texts when the place in line becomes 2 or better', () => {
  it('texts each person once, when they cross the threshold', () => {
    const line = new TextedLine();
    expect(summary(line.join('lab', PHONES[0]).due)).toEqual([`next ${PHONES[0]}`]);
    expect(summary(line.join('lab', PHONES[1]).due)).toEqual([`next ${PHONES[1]}`]);
    expect(line.join('lab', PHONES[2]).due).toEqual([]);
    expect(line.join('lab', undefined).due).toEqual([]);

    line.open('c1');
    const afterCall = line.commit({ type: 'call-next', counterId: 'c1' });
    expect(summary(afterCall)).toEqual([`called ${PHONES[0]}`, `next ${PHONES[2]}`]);
    // Nothing changed for anyone already texted: a later commit texts nobody twice.
    expect(line.commit({ type: 'set-counter-status', counterId: 'c2', status: 'open' })).toEqual([]);
  });

  it('uses the same key when deciding again, so the outbox can drop the repeat', () => {
    const line = new TextedLine();
    const { due } = line.join('lab', PHONES[0]);
    line.known.clear();
    expect(line.decide().map((n) => n.key)).toEqual(due.map((n) => n.key));
  });

  it('texts again near the front after the person asked for more time', () => {
    const line = new TextedLine();
    const first = line.join('lab', PHONES[0]);
    for (const phone of PHONES.slice(1, 5)) line.join('lab', phone);
    line.commit({ type: 'more-time', entryId: first.id });
    expect(line.state.lines.lab!.indexOf(first.id)).toBe(3);
    line.open('c1');
    line.commit({ type: 'call-next', counterId: 'c1' });
    line.commit({ type: 'no-show', entryId: line.state.counters.c1!.currentEntryId! });
    const due = line.commit({ type: 'call-next', counterId: 'c1' });
    expect(summary(due)).toContain(`next ${PHONES[0]}`);
  });

  it('can text by estimated wait instead, stopping at the first person further away', () => {
    const byWait = smsConfig({ rules: { placeWithin: null, waitWithinMinutes: 10 } });
    // While no counter serves the line there is no estimate, so nobody is told their turn is near.
    expect(new TextedLine(byWait).join('lab', PHONES[0]).due).toEqual([]);
    const line = new TextedLine(byWait);
    line.open('c1');
    expect(summary(line.join('lab', PHONES[0]).due)).toEqual([`next ${PHONES[0]}`]);
    for (let i = 0; i < 20; i++) line.join('lab', undefined);
    expect(line.join('lab', PHONES[1]).due).toEqual([]);
  });

  it('follows a service override and leaves phone callers to the contact center, but for their confirmation', () => {
    const line = new TextedLine(smsConfig({ rules: { services: { xray: { placeWithin: 1 } } } }));
    expect(line.join('xray', PHONES[0]).due).toHaveLength(1);
    expect(line.join('xray', PHONES[1]).due).toEqual([]);
    expect(summary(line.join('lab', PHONES[2], { channel: 'phone' }).due)).toEqual([`callback-confirmed ${PHONES[2]}`]);
  });
});

describe('texts when called and transferred', () => {
  it('names the counter, and texts each recall', () => {
    const line = new TextedLine();
    line.join('lab', PHONES[0], { language: 'es' });
    line.open('c2');
    const [called] = line.commit({ type: 'call-next', counterId: 'c2' });
    expect(called!.message).toEqual({ kind: 'called', ticket: 'L-001', counterName: 'Counter 2', calledAt: line.now });
    expect(called!.language).toBe('es');
    expect(smsText(called!.message, called!.language, { name: 'Clinica', timeZone: line.config.timezone })).toContain('pase ahora a Counter 2');

    const [recalled] = line.commit({ type: 'recall', entryId: called!.entryId });
    expect(recalled!.message.kind).toBe('recalled');
    expect(line.commit({ type: 'start-serving', entryId: called!.entryId })).toEqual([]);
  });

  it('does not text a call when the service turns calls off', () => {
    const line = new TextedLine(smsConfig({ rules: { services: { lab: { onCalled: false } } } }));
    line.join('lab', PHONES[0]);
    line.open('c1');
    expect(line.commit({ type: 'call-next', counterId: 'c1' })).toEqual([]);
  });

  it('texts a transfer with the new line and place, never naming a sensitive service', () => {
    for (const [sensitive, name] of [[[], 'X-ray'], [['xray'], null]] as const) {
      const line = new TextedLine(smsConfig({ sensitiveServiceIds: sensitive }));
      line.join('xray', undefined);
      line.join('xray', undefined);
      const { id } = line.join('lab', PHONES[0]);
      const due = line.commit({ type: 'transfer', entryId: id, toServiceId: 'xray', keepPlace: false });
      expect(due.map((n) => n.message)).toEqual([{ kind: 'transferred', ticket: 'L-001', serviceName: name, place: 3 }]);
      const text = smsText(due[0]!.message, 'en', { name: 'Clinic', timeZone: line.config.timezone });
      expect(text.includes('X-ray')).toBe(name !== null);
    }
  });
});

describe('catching up after a restart', () => {
  it('texts a call made in the last few minutes, not an older one', () => {
    const line = new TextedLine();
    line.join('lab', PHONES[0]);
    line.join('reg', PHONES[1]);
    line.open('c1', 'c3');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.advance(10);
    line.ok({ type: 'call-next', counterId: 'c3' });
    line.advance(2);
    const due = notificationsAtStart(line.state, line.now, { config: line.config, sms: line.sms, known: () => false, told: () => undefined });
    expect(summary(due)).toEqual([`called ${PHONES[1]}`]);
    expect(line.now - line.state.entries[due[0]!.entryId]!.calledAt!).toBe(2 * MINUTE);
  });
});

describe("a phone caller's callback time", () => {
  it('is texted again when it moves a lot, at most twice a visit and not within ten minutes of the last text', () => {
    const line = new TextedLine();
    line.open('c1', 'c2');
    for (let i = 0; i < 10; i++) line.join('lab', undefined, { channel: 'kiosk' });
    const caller = line.join('lab', PHONES[0], { channel: 'phone' });
    expect(summary(caller.due)).toEqual([`callback-confirmed ${PHONES[0]}`]);
    const confirmed = line.told.get(caller.id)!;
    // A counter closing soon after does not text at once: the last text is too recent.
    expect(line.commit({ type: 'set-counter-status', counterId: 'c2', status: 'closed' })).toEqual([]);
    line.advance(10);
    const moved = line.commit({ type: 'set-counter-status', counterId: 'c2', status: 'paused' });
    expect(summary(moved)).toEqual([`callback-moved ${PHONES[0]}`]);
    expect(moved[0]!.message).toMatchObject({ kind: 'callback-moved', ticket: 'L-011', place: 11 });
    expect((moved[0]!.message as { expectedAt: number }).expectedAt - confirmed.expectedAt!).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(smsText(moved[0]!.message, 'en', { name: 'Clinic', timeZone: 'America/New_York' })).toMatch(
      /^Clinic: ticket L-011, your callback time has changed: we now expect to call you around \d+:\d\d AM\. You are number 11\.$/,
    );
  });

  it('counts as moved a lot only for 15 minutes and half the wait left when told', () => {
    const told = { expectedAt: 60 * MINUTE, at: 0, texts: 1 };
    expect(movedALot(told, 75 * MINUTE)).toBe(false);
    expect(movedALot(told, 90 * MINUTE)).toBe(true);
    expect(movedALot(told, 30 * MINUTE)).toBe(true);
    expect(movedALot({ expectedAt: 100 * MINUTE, at: 0, texts: 1 }, 80 * MINUTE)).toBe(false);
    expect(movedALot({ expectedAt: null, at: 0, texts: 1 }, 30 * MINUTE)).toBe(true);
    expect(movedALot(told, null)).toBe(false);
  });
});
