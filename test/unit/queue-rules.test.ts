/** How a line behaves, rule by rule, on the pure queue domain. */
import { describe, expect, it } from 'vitest';
import { applyEvent, createState, entryView, type QueueState } from '../../hub/queue/index.ts';
import { clinicConfig, Line, MINUTE, MORNING } from '../helpers/queue.ts';

describe('tickets', () => {
  it('numbers each service from 1 with its prefix', () => {
    const line = new Line();
    const a = line.enroll('lab');
    const b = line.enroll('lab');
    const x = line.enroll('xray');
    expect([line.ticket(a), line.ticket(b), line.ticket(x)]).toEqual(['L-001', 'L-002', 'X-001']);
  });

  it("restarts at the site's local midnight, not UTC midnight", () => {
    const line = new Line(clinicConfig(), Date.parse('2026-03-02T15:00:00Z')); // 10:00 local on 2 March
    line.enroll('lab');
    line.now = Date.parse('2026-03-03T04:30:00Z'); // 23:30 local on 2 March, already 3 March in UTC
    expect(line.ticket(line.enroll('lab'))).toBe('L-002');
    line.now = Date.parse('2026-03-03T05:00:00Z'); // 00:00 local on 3 March
    expect(line.ticket(line.enroll('lab'))).toBe('L-001');
  });

  it('never reuses a number within a day, even after people leave', () => {
    const line = new Line();
    const first = line.enroll('lab');
    line.ok({ type: 'cancel', entryId: first, reason: 'left' });
    expect(line.ticket(line.enroll('lab'))).toBe('L-002');
  });

  it('enrols once for a repeated request id', () => {
    const line = new Line();
    const a = line.enroll('lab', { requestId: 'tap-1' });
    const b = line.enroll('lab', { requestId: 'tap-1' });
    expect(b).toBe(a);
    expect(line.waiting('lab')).toEqual(['L-001']);
  });

  it('refuses a join when the line is full, naming the service', () => {
    const config = clinicConfig();
    config.services[0]!.maxWaiting = 1;
    const line = new Line(config);
    line.enroll('lab');
    const refused = line.run({ type: 'enroll', serviceId: 'lab', channel: 'remote' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'line_full' } });
    expect(refused.ok || refused.error.message).toContain('Lab');
  });

  it('refuses an unknown service and lists the known ones', () => {
    const decision = new Line().run({ type: 'enroll', serviceId: 'dental', channel: 'kiosk' });
    expect(decision).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(decision.ok || decision.error.message).toContain('lab, xray, reg');
  });
});

describe('calling', () => {
  it('calls in arrival order across the services a counter serves', () => {
    const line = new Line();
    line.open('c2');
    const l1 = line.enroll('lab');
    line.advance(1);
    const x1 = line.enroll('xray');
    line.advance(1);
    const l2 = line.enroll('lab');
    const called: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = line.ok({ type: 'call-next', counterId: 'c2' });
      called.push(id);
      line.ok({ type: 'start-serving', entryId: id });
    }
    expect(called).toEqual([l1, x1, l2]);
  });

  it('a closed counter cannot call, and says how to fix it', () => {
    const line = new Line();
    line.enroll('lab');
    const decision = line.run({ type: 'call-next', counterId: 'c1' });
    expect(decision.ok || decision.error.message).toBe('Counter 1 is closed: open it before calling');
  });

  it('calling next completes the person being served', () => {
    const line = new Line();
    line.open('c1');
    const a = line.enroll('lab');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'start-serving', entryId: a });
    line.advance(4);
    line.ok({ type: 'call-next', counterId: 'c1' });
    expect(line.state.entries[a]!.status).toBe('done');
    expect(entryView(line.state, line.config, line.state.entries[a]!).serviceMs).toBe(4 * MINUTE);
  });

  it('will not call over someone still walking up', () => {
    const line = new Line();
    line.open('c1');
    line.enroll('lab');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    const decision = line.run({ type: 'call-next', counterId: 'c1' });
    expect(decision.ok || decision.error.message).toContain('still calling L-001');
  });

  it('two counters calling at once get different people', () => {
    const line = new Line();
    line.open('c1', 'c2');
    line.enroll('lab');
    line.enroll('lab');
    const first = line.ok({ type: 'call-next', counterId: 'c1' });
    const second = line.ok({ type: 'call-next', counterId: 'c2' });
    expect(first).not.toBe(second);
  });

  it('records waiting, walking and service times', () => {
    const line = new Line();
    line.open('c1');
    const id = line.enroll('lab');
    line.advance(12);
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.advance(2);
    line.ok({ type: 'start-serving', entryId: id });
    line.advance(7);
    line.ok({ type: 'complete', entryId: id });
    const view = entryView(line.state, line.config, line.state.entries[id]!);
    expect([view.waitMs, view.walkMs, view.serviceMs]).toEqual([12 * MINUTE, 2 * MINUTE, 7 * MINUTE]);
  });

  it('a recall puts the call back on top of the screen', () => {
    const line = new Line();
    line.open('c1', 'c2');
    line.enroll('lab');
    line.enroll('lab');
    const a = line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'call-next', counterId: 'c2' });
    line.ok({ type: 'recall', entryId: a });
    expect(line.state.recentCalls.map((c) => [c.ticket, c.recalls])).toEqual([
      ['L-001', 1],
      ['L-002', 0],
    ]);
  });

  it('a recall brings back a call that had scrolled off the last ten', () => {
    const line = new Line();
    line.open('c1', 'c2');
    for (let i = 0; i < 12; i++) line.enroll('lab');
    const waiting = line.ok({ type: 'call-next', counterId: 'c1' });
    for (let i = 0; i < 10; i++) {
      const called = line.ok({ type: 'call-next', counterId: 'c2' });
      line.ok({ type: 'start-serving', entryId: called });
    }
    expect(line.state.recentCalls.map((c) => c.entryId)).not.toContain(waiting);
    line.ok({ type: 'recall', entryId: waiting });
    expect(line.state.recentCalls).toHaveLength(10);
    expect(line.state.recentCalls[0]).toMatchObject({ entryId: waiting, ticket: 'L-001', counterId: 'c1', recalls: 1 });
  });

  it('refuses steps out of order with the entry status in the message', () => {
    const line = new Line();
    const id = line.enroll('lab');
    const decision = line.run({ type: 'complete', entryId: id });
    expect(decision.ok || decision.error.message).toBe('Cannot complete L-001: it is waiting');
  });

  it('a counter with someone at it cannot close', () => {
    const line = new Line();
    line.open('c1');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    const decision = line.run({ type: 'set-counter-status', counterId: 'c1', status: 'closed' });
    expect(decision).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });
});

describe('priority', () => {
  function lineWith(priorities: number[], policy: Parameters<typeof clinicConfig>[0]) {
    const line = new Line(clinicConfig(policy));
    line.open('c1');
    for (const priority of priorities) {
      line.enroll('lab', { priority });
      line.advance(1);
    }
    return line;
  }

  function callAll(line: Line): string[] {
    const tickets: string[] = [];
    for (;;) {
      const decision = line.run({ type: 'call-next', counterId: 'c1' });
      if (!decision.ok) return tickets;
      const id = 'entryId' in decision.subject ? decision.subject.entryId : '';
      tickets.push(line.ticket(id)!);
      line.ok({ type: 'start-serving', entryId: id });
    }
  }

  it('strict: the priority class goes first, until the pass-over bound calls the others', () => {
    const line = lineWith([0, 1, 1, 1, 1, 1], { mode: 'strict', maxPassOvers: 2 });
    // L-001 is passed over by L-002 and L-003, then it is due.
    expect(callAll(line)).toEqual(['L-002', 'L-003', 'L-001', 'L-004', 'L-005', 'L-006']);
  });

  it('weighted 2:1 alternates two normal calls with one priority call', () => {
    const line = lineWith([0, 0, 0, 0, 1, 1, 1], { mode: 'weighted', weights: { '0': 2, '1': 1 }, maxPassOvers: 99 });
    expect(callAll(line)).toEqual(['L-001', 'L-005', 'L-002', 'L-003', 'L-006', 'L-004', 'L-007']);
  });

  it('a bound in minutes calls someone passed over for too long', () => {
    const line = lineWith([0, 1], { mode: 'strict', maxPassOvers: 99, maxPassOverMinutes: 15 });
    const first = line.ok({ type: 'call-next', counterId: 'c1' }); // L-002; L-001 is passed over
    line.ok({ type: 'start-serving', entryId: first });
    line.advance(16);
    line.enroll('lab', { priority: 1 }); // L-003 would go first under strict priority
    const next = line.ok({ type: 'call-next', counterId: 'c1' });
    expect(line.ticket(next)).toBe('L-001');
  });
});

describe('reordering and transfers', () => {
  it('moves a waiting person to any place', () => {
    const line = new Line();
    const ids = [line.enroll('lab'), line.enroll('lab'), line.enroll('lab')];
    line.ok({ type: 'move', entryId: ids[2]!, toPosition: 1 });
    expect(line.waiting('lab')).toEqual(['L-003', 'L-001', 'L-002']);
    const refused = line.run({ type: 'move', entryId: ids[0]!, toPosition: 4 });
    expect(refused.ok || refused.error.message).toBe('Cannot move L-001 to place 4: the line has 3 people');
  });

  it('a transfer keeping the place goes where the arrival time belongs', () => {
    const line = new Line();
    const early = line.enroll('lab');
    line.advance(5);
    line.enroll('xray');
    line.advance(5);
    line.enroll('xray');
    line.ok({ type: 'transfer', entryId: early, toServiceId: 'xray', keepPlace: true });
    expect(line.waiting('xray')).toEqual(['L-001', 'X-001', 'X-002']);
  });

  it('a transfer resetting the place joins at the end', () => {
    const line = new Line();
    const early = line.enroll('lab');
    line.enroll('xray');
    line.ok({ type: 'transfer', entryId: early, toServiceId: 'xray', keepPlace: false });
    expect(line.waiting('xray')).toEqual(['X-001', 'L-001']);
    expect(line.waiting('lab')).toEqual([]);
  });

  it('a transfer from the counter frees the counter', () => {
    const line = new Line();
    line.open('c1');
    const id = line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'start-serving', entryId: id });
    line.ok({ type: 'transfer', entryId: id, toServiceId: 'xray', keepPlace: true });
    expect(line.state.counters.c1!.currentEntryId).toBeNull();
    expect(line.waiting('xray')).toEqual(['L-001']);
  });
});

describe('callbacks and channels', () => {
  it('requeues a called person a few places from the front and frees the counter', () => {
    const line = new Line();
    line.open('c1');
    const first = line.enroll('lab', { channel: 'phone', phone: '+15551230001' });
    for (let i = 0; i < 4; i++) line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'requeue', entryId: first });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-003', 'L-001', 'L-004', 'L-005']);
    expect(line.state.counters.c1!.currentEntryId).toBeNull();
  });

  it('changes channel keeping the place, and remembers every channel used', () => {
    const line = new Line();
    line.enroll('lab');
    const remote = line.enroll('lab', { channel: 'remote' });
    line.ok({ type: 'change-channel', entryId: remote, channel: 'phone', phone: '+15551230002' });
    line.ok({ type: 'change-channel', entryId: remote, channel: 'kiosk' });
    expect(line.waiting('lab')).toEqual(['L-001', 'L-002']);
    expect(line.state.entries[remote]!.channelHistory).toEqual(['remote', 'phone', 'kiosk']);
  });

  it('will not switch to phone without a number to call back', () => {
    const line = new Line();
    const id = line.enroll('lab');
    const decision = line.run({ type: 'change-channel', entryId: id, channel: 'phone' });
    expect(decision.ok || decision.error.message).toBe('A phone number is needed to call L-001 back');
  });

  it('puts a voicemail in line from when it was left, before everyone who joined since, and keeps that order after a replay', () => {
    const line = new Line();
    line.enroll('lab'); // 14:00
    line.advance(10);
    line.enroll('lab'); // 14:10
    line.advance(5);
    const leftAt = new Date(MORNING + 5 * MINUTE).toISOString();
    const voicemail = line.enroll('lab', { channel: 'phone', phone: '+15551230003', via: 'voicemail', leftAt });
    expect(line.waiting('lab')).toEqual(['L-001', 'L-003', 'L-002']);
    expect(entryView(line.state, line.config, line.state.entries[voicemail]!)).toMatchObject({
      via: 'voicemail',
      voicemail: { leftAt, returnBy: new Date(MORNING + 65 * MINUTE).toISOString() },
    });
    const replayed = createState(line.config);
    for (const event of line.log) applyEvent(replayed, event);
    expect(replayed.lines.lab).toEqual(line.state.lines.lab);
  });

  it('refuses a voicemail left in the future, or a time without a voicemail', () => {
    const line = new Line();
    const later = new Date(MORNING + 30 * MINUTE).toISOString();
    const future = line.run({ type: 'enroll', serviceId: 'lab', channel: 'phone', phone: '+15551230004', via: 'voicemail', leftAt: later });
    expect(future.ok || future.error.message).toBe(`The voicemail's leftAt (${later}) is in the future`);
    const stray = line.run({ type: 'enroll', serviceId: 'lab', channel: 'kiosk', leftAt: later });
    expect(stray.ok || stray.error.message).toBe('leftAt goes with via "voicemail", and a voicemail needs the time it was left');
    expect(line.log).toEqual([]);
  });
});

describe('reprinting a ticket', () => {
  it('is allowed while the person waits or is called, by entry id or ticket, and changes nothing', () => {
    const line = new Line();
    const first = line.enroll('lab');
    line.enroll('lab');
    const events = line.log.length;
    expect(line.ok({ type: 'reprint', entryId: first })).toBe(first);
    expect(line.ok({ type: 'reprint', ticket: 'L-002', kioskId: 'kiosk-1' })).not.toBe(first);
    line.open('c1');
    line.ok({ type: 'call-next', counterId: 'c1' });
    expect(line.ok({ type: 'reprint', ticket: 'L-001' })).toBe(first);
    expect(line.log.length).toBe(events + 2); // the counter opening and the call, nothing for the reprints
    expect(line.waiting('lab')).toEqual(['L-002']);
  });

  it('is refused once the visit is under way or over, and before an appointment has a ticket', () => {
    const line = new Line();
    const id = line.enroll('lab');
    line.ok({ type: 'cancel', entryId: id, reason: 'left' });
    const refusal = (decision: ReturnType<Line['run']>) => (decision.ok ? 'accepted' : decision.error.message);
    expect(refusal(line.run({ type: 'reprint', entryId: id }))).toBe('Cannot reprint the ticket of L-001: it is cancelled');
    expect(refusal(line.run({ type: 'reprint', ticket: 'L-001' }))).toBe('No waiting or called ticket L-001');
    line.ok({ type: 'book', serviceId: 'lab', reference: 'APT-9', windowStart: new Date(MORNING).toISOString(), windowEnd: new Date(MORNING + 15 * MINUTE).toISOString() });
    const booked = Object.values(line.state.entries).find((e) => e.reference === 'APT-9')!;
    expect(refusal(line.run({ type: 'reprint', entryId: booked.id }))).toBe('There is no ticket to print for the appointment APT-9: check in first');
  });
});

describe('appointments', () => {
  const book = (line: Line, reference: string, startOffsetMinutes: number) =>
    line.ok({
      type: 'book',
      serviceId: 'lab',
      reference,
      windowStart: new Date(MORNING + startOffsetMinutes * MINUTE).toISOString(),
      windowEnd: new Date(MORNING + (startOffsetMinutes + 15) * MINUTE).toISOString(),
    });

  it('an on-time check-in takes its place by the booked time', () => {
    const line = new Line();
    book(line, 'APT-1', 10); // 09:10
    line.enroll('lab'); // 09:00
    line.advance(15);
    line.enroll('lab'); // 09:15
    line.advance(3);
    line.ok({ type: 'check-in', reference: 'APT-1', channel: 'kiosk' }); // 09:18, within tolerance
    expect(line.waiting('lab')).toEqual(['L-001', 'L-003', 'L-002']);
  });

  it('a check-in later than the tolerance joins at the end', () => {
    const line = new Line();
    book(line, 'APT-2', 0);
    line.advance(5);
    line.enroll('lab');
    line.advance(20); // 09:25, booked 09:00, tolerance 10 minutes
    line.ok({ type: 'check-in', reference: 'APT-2', channel: 'desk' });
    expect(line.waiting('lab')).toEqual(['L-001', 'L-002']);
  });

  it('checking in twice shows the same place; an unknown reference is refused', () => {
    const line = new Line();
    const id = book(line, 'APT-3', 0);
    expect(line.ok({ type: 'check-in', reference: 'APT-3', channel: 'kiosk' })).toBe(id);
    expect(line.ok({ type: 'check-in', reference: 'APT-3', channel: 'kiosk' })).toBe(id);
    expect(line.waiting('lab')).toHaveLength(1);
    expect(line.run({ type: 'check-in', reference: 'NOPE', channel: 'kiosk' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a check-in on another day', () => {
    const line = new Line();
    book(line, 'APT-4', 24 * 60);
    const decision = line.run({ type: 'check-in', reference: 'APT-4', channel: 'kiosk' });
    expect(decision.ok || decision.error.message).toBe('The appointment APT-4 is for 2026-03-03, not today');
  });
});

describe('the event log rebuilds the state', () => {
  it('replaying the events gives the same state', () => {
    const line = new Line();
    line.open('c1', 'c2');
    for (let i = 0; i < 6; i++) line.enroll(i % 2 ? 'lab' : 'xray', { priority: i % 3 === 0 ? 1 : 0 });
    const called = line.ok({ type: 'call-next', counterId: 'c2' });
    line.ok({ type: 'start-serving', entryId: called });
    line.ok({ type: 'call-next', counterId: 'c2' });
    line.ok({ type: 'move', entryId: line.state.lines.lab![1]!, toPosition: 1 });
    const replayed: QueueState = createState(line.config);
    for (const event of line.log) applyEvent(replayed, event);
    expect(replayed).toEqual(line.state);
  });
});
