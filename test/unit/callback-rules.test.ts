/** The rules of a phone caller's callback: results and their next step, the window, the retry interval, the expected time. */
import { describe, expect, it } from 'vitest';
import { callbackPolicy, estimateForEntry, expectedCallbacks } from '../../hub/queue/index.ts';
import { expectedCallback } from '../../hub/queue/estimate.ts';
import { clinicConfig, Line, MINUTE, MORNING } from '../helpers/queue.ts';

const caller = (line: Line, extra: object = {}) => line.enroll('lab', { channel: 'phone', phone: '+15551230001', ...extra });
const iso = (at: number) => new Date(at).toISOString();

describe('callback results', () => {
  it('records a reached callback and starts serving in one decision, then completes it', () => {
    const line = new Line();
    line.open('c1');
    const id = caller(line);
    line.ok({ type: 'call-next', counterId: 'c1' });
    const before = line.log.length;
    line.ok({ type: 'callback-result', entryId: id, outcome: 'reached' });
    expect(line.log.slice(before).map((e) => e.data.type)).toEqual(['entry.callback-result', 'entry.serving']);
    line.advance(4);
    line.ok({ type: 'callback-result', entryId: id, outcome: 'completed' });
    expect(line.state.entries[id]).toMatchObject({ status: 'done', callback: { attempts: [{ attempt: 1, outcome: 'completed', outcomeAt: MORNING + 4 * MINUTE }] } });
  });

  it('puts an unanswered caller back while attempts are left, and makes the last one a no-show', () => {
    const line = new Line({ ...clinicConfig(), callbacks: { ...callbackPolicy(clinicConfig()), requeuePosition: 2, retryMinutes: 0 } });
    line.open('c1');
    const id = caller(line);
    line.enroll('lab');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'callback-result', entryId: id, outcome: 'no-answer' });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-001', 'L-003']);
    expect(line.state.counters.c1!.currentEntryId).toBeNull();
    line.ok({ type: 'call-entry', counterId: 'c1', entryId: id });
    line.ok({ type: 'callback-result', entryId: id, outcome: 'timed-out', attempt: 2 });
    expect(line.state.entries[id]!.status).toBe('no_show');
    expect(line.state.entries[id]!.callback!.attempts.map((a) => a.outcome)).toEqual(['no-answer', 'timed-out']);
  });

  it('makes an unanswered caller a no-show at once when the site says so', () => {
    const line = new Line({ ...clinicConfig(), callbacks: { ...callbackPolicy(clinicConfig()), noAnswer: 'no-show' } });
    line.open('c1');
    const id = caller(line);
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'callback-result', entryId: id, outcome: 'no-answer' });
    expect(line.state.entries[id]!.status).toBe('no_show');
  });

  it('refuses a result for someone not called back, for an attempt not under way, or twice', () => {
    const line = new Line();
    line.open('c1');
    const walkIn = line.enroll('lab');
    const id = caller(line);
    line.ok({ type: 'call-next', counterId: 'c1' });
    const notPhone = line.run({ type: 'callback-result', entryId: walkIn, outcome: 'reached' });
    expect(notPhone.ok || notPhone.error).toMatchObject({ code: 'invalid_state', reason: 'callback.not_open' });
    line.ok({ type: 'start-serving', entryId: walkIn });
    line.ok({ type: 'call-next', counterId: 'c1' });
    const stale = line.run({ type: 'callback-result', entryId: id, outcome: 'timed-out', attempt: 3 });
    expect(stale.ok || stale.error.message).toBe('Callback attempt 3 for L-002 is not the one under way (attempt 1)');
    line.ok({ type: 'callback-result', entryId: id, outcome: 'reached' });
    const twice = line.run({ type: 'callback-result', entryId: id, outcome: 'reached' });
    expect(twice.ok || twice.error.message).toBe('Cannot record a callback outcome for L-002: it is already being served at Counter 1');
  });

  it('opens attempt 2 when staff call a phone caller again', () => {
    const line = new Line();
    line.open('c1');
    const id = caller(line);
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.advance(3);
    line.ok({ type: 'recall', entryId: id });
    expect(line.state.entries[id]!.callback!.attempts).toEqual([
      { attempt: 1, requestedAt: MORNING, outcome: null, outcomeAt: null },
      { attempt: 2, requestedAt: MORNING + 3 * MINUTE, outcome: null, outcomeAt: null },
    ]);
  });
});

describe('scheduled callbacks', () => {
  it('passes over a caller before their time without penalty, and calls them from their place once it comes', () => {
    const line = new Line();
    line.open('c1');
    const later = caller(line, { callback: { notBefore: iso(MORNING + 30 * MINUTE) } });
    line.enroll('lab');
    line.enroll('lab');
    expect(line.ticket(line.ok({ type: 'call-next', counterId: 'c1' }))).toBe('L-002');
    expect(line.state.entries[later]).toMatchObject({ status: 'waiting', passedOver: 0 });
    expect(line.waiting('lab')).toEqual(['L-001', 'L-003']);
    line.ok({ type: 'start-serving', entryId: line.state.counters.c1!.currentEntryId! });
    line.advance(30);
    expect(line.ok({ type: 'call-next', counterId: 'c1' })).toBe(later);
  });

  it('says nobody can be called when only callers booked for later wait', () => {
    const line = new Line();
    line.open('c1');
    caller(line, { callback: { notBefore: iso(MORNING + 30 * MINUTE) } });
    const decision = line.run({ type: 'call-next', counterId: 'c1' });
    expect(decision.ok || decision.error).toMatchObject({
      reason: 'counter.nobody_waiting',
      message: 'Nobody waiting for Counter 1 may be called yet: the phone callers waiting asked to be called later',
    });
  });

  it('holds a caller back for the retry interval after an unanswered call', () => {
    const line = new Line({ ...clinicConfig(), callbacks: { ...callbackPolicy(clinicConfig()), requeuePosition: 1, retryMinutes: 5 } });
    line.open('c1');
    const id = caller(line);
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'callback-result', entryId: id, outcome: 'no-answer' });
    line.advance(4);
    expect(line.ticket(line.ok({ type: 'call-next', counterId: 'c1' }))).toBe('L-002');
    line.ok({ type: 'start-serving', entryId: line.state.counters.c1!.currentEntryId! });
    line.advance(1);
    expect(line.ok({ type: 'call-next', counterId: 'c1' })).toBe(id);
  });

  it('expects the callback no sooner than the time asked for, and lists it for the contact center without the number', () => {
    const line = new Line();
    line.open('c1');
    const later = caller(line, { callback: { notBefore: iso(MORNING + 90 * MINUTE), notAfter: iso(MORNING + 120 * MINUTE) } });
    const soon = caller(line, { phone: '+15551230002' });
    const plain = estimateForEntry(line.state, line.config, line.state.entries[later]!)!;
    expect(plain.highMinutes).toBeLessThan(90);
    const expected = expectedCallback(line.state, line.config, line.state.entries[later]!, line.now)!;
    expect(expected).toEqual({ estimate: { lowMinutes: 90, highMinutes: 90 }, expectedAt: MORNING + 90 * MINUTE });
    const listed = expectedCallbacks(line.state, line.config, line.now);
    expect(listed.map((c) => [c.ticket, c.position, c.window])).toEqual([
      ['L-001', 1, { notBefore: iso(MORNING + 90 * MINUTE), notAfter: iso(MORNING + 120 * MINUTE) }],
      ['L-002', 2, null],
    ]);
    expect(listed[1]!.entryId).toBe(soon);
    expect(JSON.stringify(listed)).not.toContain('555123');
  });
});
