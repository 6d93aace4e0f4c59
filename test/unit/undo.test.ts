/** Undoing a no-show, done or cancel pressed by mistake, on the pure queue domain. */
import { describe, expect, it } from 'vitest';
import { commandRefusal, deviceIdentity, type Caller } from '../../hub/access/index.ts';
import { applyEvent, createState, type QueueState } from '../../hub/queue/index.ts';
import { DEFAULT_UNDO_MINUTES } from '../../hub/queue/commands/undo.ts';
import { buildReport } from '../../hub/insights/reports.ts';
import { clinicConfig, Line, MINUTE } from '../helpers/queue.ts';

/** Five people in the lab line, the first called to counter 1. */
function morning(): { line: Line; ids: string[] } {
  const line = new Line();
  line.open('c1');
  const ids = [1, 2, 3, 4, 5].map(() => {
    const id = line.enroll('lab');
    line.advance(1);
    return id;
  });
  line.ok({ type: 'call-next', counterId: 'c1' });
  return { line, ids };
}

describe('undo', () => {
  it('puts a no-show back at their place by arrival, not at the end', () => {
    const { line, ids } = morning();
    line.ok({ type: 'no-show', entryId: ids[0]! });
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'start-serving', entryId: ids[1]! });
    line.advance(2);
    expect(line.ok({ type: 'undo', entryId: ids[0]! })).toBe(ids[0]);
    expect(line.waiting('lab')).toEqual(['L-001', 'L-003', 'L-004', 'L-005']);
    expect(line.state.entries[ids[0]!]).toMatchObject({ status: 'waiting', finishedAt: null, calledAt: null, counterId: null });
    expect(line.log.at(-1)!.data).toEqual({ type: 'entry.reopened', entryId: ids[0], undid: 'no_show', status: 'waiting', index: 0, counterId: null });
  });

  it('puts a cancelled person back between those who arrived before and after them', () => {
    const { line, ids } = morning();
    line.ok({ type: 'cancel', entryId: ids[2]! });
    line.enroll('lab');
    line.ok({ type: 'undo', entryId: ids[2]! });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-003', 'L-004', 'L-005', 'L-006']);
    expect(line.state.entries[ids[2]!]!.cancelReason).toBeNull();
  });

  it('takes back a done while the counter is still free: the visit goes on at that counter', () => {
    const { line, ids } = morning();
    line.ok({ type: 'start-serving', entryId: ids[0]! });
    const servingAt = line.state.entries[ids[0]!]!.servingAt;
    line.advance(3);
    line.ok({ type: 'complete', entryId: ids[0]! });
    line.advance(1);
    line.ok({ type: 'undo', entryId: ids[0]! });
    expect(line.state.entries[ids[0]!]).toMatchObject({ status: 'serving', counterId: 'c1', servingAt, finishedAt: null });
    expect(line.state.counters.c1!.currentEntryId).toBe(ids[0]);
    expect(line.waiting('lab')).toEqual(['L-002', 'L-003', 'L-004', 'L-005']);
  });

  it('puts a done back in line by arrival when their counter has called someone else', () => {
    const { line, ids } = morning();
    line.ok({ type: 'start-serving', entryId: ids[0]! });
    line.ok({ type: 'call-next', counterId: 'c1' });
    expect(line.state.entries[ids[0]!]!.status).toBe('done');
    line.ok({ type: 'undo', entryId: ids[0]! });
    expect(line.state.entries[ids[0]!]).toMatchObject({ status: 'waiting', counterId: null });
    expect(line.waiting('lab')).toEqual(['L-001', 'L-003', 'L-004', 'L-005']);
    expect(line.state.counters.c1!.currentEntryId).toBe(ids[1]);
  });

  it('books a cancelled appointment again', () => {
    const line = new Line();
    const start = new Date(line.now + 60 * MINUTE).toISOString();
    const end = new Date(line.now + 90 * MINUTE).toISOString();
    const booked = line.ok({ type: 'book', serviceId: 'lab', reference: 'APT-7', windowStart: start, windowEnd: end });
    line.ok({ type: 'cancel', entryId: booked });
    line.ok({ type: 'undo', entryId: booked });
    expect(line.state.entries[booked]!.status).toBe('booked');
    expect(line.ok({ type: 'check-in', reference: 'APT-7', channel: 'kiosk' })).toBe(booked);
  });

  it(`is allowed for ${DEFAULT_UNDO_MINUTES} minutes by default, and refused after with what to do instead`, () => {
    const { line, ids } = morning();
    line.ok({ type: 'no-show', entryId: ids[0]! });
    line.advance(DEFAULT_UNDO_MINUTES);
    line.now += 1;
    const late = line.run({ type: 'undo', entryId: ids[0]! });
    expect(late).toEqual({
      ok: false,
      error: {
        code: 'invalid_state',
        message: 'Too late to undo the no-show of L-001: it was 5 minutes ago, and it can be undone for 5 minutes. Add them to the line again instead.',
        reason: 'entry.undo_too_late',
        params: { entry: { ticket: 'L-001' }, undid: 'no_show', minutesAgo: 5, windowMinutes: 5 },
      },
    });
    expect(line.state.entries[ids[0]!]!.status).toBe('no_show');
  });

  it('follows the site window', () => {
    const config = { ...clinicConfig(), undoMinutes: 2 };
    const line = new Line(config);
    line.open('c1');
    const id = line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'no-show', entryId: id });
    line.advance(2);
    expect(line.run({ type: 'undo', entryId: id }).ok).toBe(true);
    line.ok({ type: 'no-show', entryId: line.ok({ type: 'call-next', counterId: 'c1' }) });
    line.advance(3);
    const late = line.run({ type: 'undo', entryId: id });
    expect(late.ok || late.error.message).toContain('it can be undone for 2 minutes');
  });

  it('refuses an entry that has not ended, saying what it is doing', () => {
    const { line, ids } = morning();
    expect(line.run({ type: 'undo', entryId: ids[1]! })).toEqual({
      ok: false,
      error: {
        code: 'invalid_state',
        message: 'Cannot undo L-002: it is waiting',
        reason: 'entry.wrong_status',
        params: { action: 'undo', entry: { ticket: 'L-002' }, status: 'waiting' },
      },
    });
    expect(line.run({ type: 'undo', entryId: ids[0]! })).toMatchObject({ error: { message: expect.stringMatching(/^Cannot undo L-001: it is already called to /) } });
    expect(line.run({ type: 'undo', entryId: 'nobody' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('can be undone once: a second undo finds the person waiting', () => {
    const { line, ids } = morning();
    line.ok({ type: 'no-show', entryId: ids[0]! });
    line.ok({ type: 'undo', entryId: ids[0]! });
    expect(line.run({ type: 'undo', entryId: ids[0]! })).toMatchObject({ error: { message: 'Cannot undo L-001: it is waiting' } });
  });

  it('replaying the log gives the same state', () => {
    const { line, ids } = morning();
    line.ok({ type: 'start-serving', entryId: ids[0]! });
    line.ok({ type: 'complete', entryId: ids[0]! });
    line.ok({ type: 'undo', entryId: ids[0]! });
    line.ok({ type: 'cancel', entryId: ids[3]! });
    line.ok({ type: 'undo', entryId: ids[3]! });
    const replayed: QueueState = createState(line.config);
    for (const event of line.log) applyEvent(replayed, event);
    expect(replayed).toEqual(line.state);
  });
});

describe('reports after an undo', () => {
  it('count the visit by how it finally ended: a no-show undone and then served is served, not a no-show', () => {
    const { line, ids } = morning();
    line.ok({ type: 'no-show', entryId: ids[0]! });
    line.ok({ type: 'undo', entryId: ids[0]! });
    line.advance(1);
    line.ok({ type: 'call-entry', counterId: 'c1', entryId: ids[0]! });
    line.ok({ type: 'start-serving', entryId: ids[0]! });
    line.advance(4);
    line.ok({ type: 'complete', entryId: ids[0]! });
    const report = buildReport(line.log, { timezone: 'America/New_York', from: '2026-03-02', to: '2026-03-02', targetMinutes: 15 });
    expect(report.totals).toMatchObject({ visits: 5, served: 1, noShows: 0, serviceMedianMinutes: 4 });
  });
});

describe('who may undo', () => {
  it('staff, integrations and the desk device; no kiosk, screen, button, mirror or the person themselves', () => {
    const { line, ids } = morning();
    line.ok({ type: 'no-show', entryId: ids[0]! });
    const undo = { type: 'undo', entryId: ids[0]! } as const;
    const refusal = (caller: Caller) => commandRefusal(caller, undo, line);
    const device = (id: string, role: 'kiosk' | 'display' | 'counter' | 'desk' | 'mirror'): Caller => ({
      kind: 'device',
      identity: deviceIdentity({ id, role, ...(role === 'counter' && { counterId: 'c1' }) }),
      clientId: id,
    });
    expect(refusal({ kind: 'staff', staffId: 'ana', address: '10.0.0.5' })).toBeNull();
    expect(refusal(device('desk-1', 'desk'))).toBeNull();
    expect(refusal(device('kiosk-1', 'kiosk'))).toBe('Device kiosk-1 (kiosk) may not issue undo');
    expect(refusal(device('tv-1', 'display'))).toBe('Device tv-1 (display) may not issue undo');
    expect(refusal(device('button-c1', 'counter'))).toBe('Device button-c1 (counter) may not issue undo');
    expect(refusal(device('mirror-1', 'mirror'))).toBe('Device mirror-1 (mirror) may not issue undo');
    expect(refusal({ kind: 'person', entryId: ids[0]!, via: 'wait-page' } as Caller)).toBe('Only staff can undo');
  });
});
