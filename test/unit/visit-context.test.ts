/** What a visit carries beyond its place: why they came, notes, how they joined, callback attempts. */
import { describe, expect, it } from 'vitest';
import { applyEvent, createState } from '../../hub/queue/index.ts';
import { command, Line, MINUTE, MORNING } from '../helpers/queue.ts';

describe('visit context in the queue domain', () => {
  it('keeps the reason and the first note an enrolment gives, and drops both with the phone number', () => {
    const line = new Line();
    const id = line.enroll('lab', { channel: 'phone', phone: '+12015550123', reason: 'Lab results', note: 'Prefers Spanish' });
    expect(line.state.entries[id]).toMatchObject({ reason: 'Lab results', notes: [{ at: MORNING, by: 'tester', text: 'Prefers Spanish' }] });
    line.ok({ type: 'cancel', entryId: id, reason: 'left' });
    line.advance(25 * 60); // past the default 24 hours numbers are kept
    line.ok(command('purge-contacts', {}));
    expect(line.state.entries[id]).toMatchObject({ phone: null, reason: null, notes: [] });
  });

  it('opens one callback attempt per call of a phone caller, none for a walk-in', () => {
    const line = new Line();
    line.open('c1');
    const caller = line.enroll('lab', { channel: 'phone', phone: '+12015550123' });
    const walkIn = line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.advance(2);
    line.ok({ type: 'recall', entryId: caller });
    expect(line.state.entries[caller]!.callback!.attempts).toEqual([
      { attempt: 1, requestedAt: MORNING, outcome: null, outcomeAt: null },
      { attempt: 2, requestedAt: MORNING + 2 * MINUTE, outcome: null, outcomeAt: null },
    ]);
    expect(line.state.entries[walkIn]!.callback).toBeUndefined();
  });

  it('records a callback result on its attempt', () => {
    const line = new Line();
    line.open('c1');
    const caller = line.enroll('lab', { channel: 'phone', phone: '+12015550123', callback: { notBefore: '2026-03-02T13:30:00Z' } });
    line.ok({ type: 'call-next', counterId: 'c1' });
    const state = line.state;
    applyEvent(state, { seq: state.seq + 1, at: MORNING + MINUTE, actor: { kind: 'system', id: 'hub' }, data: { type: 'entry.callback-result', entryId: caller, attempt: 1, outcome: 'no-answer' } });
    expect(state.entries[caller]!.callback).toEqual({
      notBefore: Date.parse('2026-03-02T13:30:00Z'),
      notAfter: null,
      attempts: [{ attempt: 1, requestedAt: MORNING, outcome: 'no-answer', outcomeAt: MORNING + MINUTE }],
    });
  });

  it('puts a returned voicemail in line from when it was left', () => {
    const line = new Line();
    const leftAt = '2026-03-02T13:40:00Z';
    const id = line.enroll('lab', { channel: 'phone', phone: '+12015550123', via: 'voicemail', leftAt });
    expect(line.state.entries[id]).toMatchObject({ via: 'voicemail', voicemailLeftAt: Date.parse(leftAt), queuedAt: Date.parse(leftAt) });
  });

  it('refuses what does not fit together, changing nothing', () => {
    const line = new Line();
    const before = JSON.stringify(line.state);
    expect(line.run(command('enroll', { serviceId: 'lab', channel: 'kiosk', callback: {} })).ok).toBe(false);
    expect(line.run(command('enroll', { serviceId: 'lab', channel: 'phone', via: 'voicemail' })).ok).toBe(false);
    expect(line.run(command('enroll', { serviceId: 'lab', channel: 'phone', leftAt: '2026-03-02T13:40:00Z' })).ok).toBe(false);
    expect(JSON.stringify(line.state)).toBe(before);
    expect(() => command('enroll', { serviceId: 'lab', channel: 'desk', note: '  ' })).toThrow(/note: must not be empty/);
    expect(() => command('enroll', { serviceId: 'lab', channel: 'desk', reason: 'x'.repeat(201) })).toThrow(/at most 200/);
    expect(() => command('enroll', { serviceId: 'lab', channel: 'desk', note: 'a\u0007b' })).toThrow(/control characters/);
    expect(createState(line.config).entries).toEqual({});
  });
});
