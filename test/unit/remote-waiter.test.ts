/** What a person waiting away from the lobby may do about their place: on my way, more time, a cap on remote joins. */
import { describe, expect, it } from 'vitest';
import { applyEvent, createState, type QueueConfig } from '../../hub/queue/index.ts';
import { DEFAULT_REMOTE_WAIT, type RemoteWaitPolicy } from '../../hub/queue/model.ts';
import { deskBoard } from '../../hub/desk/board.ts';
import { clinicConfig, Line } from '../helpers/queue.ts';

const config = (remoteWait: Partial<RemoteWaitPolicy>): QueueConfig => ({ ...clinicConfig(), remoteWait: { ...DEFAULT_REMOTE_WAIT, ...remoteWait } });

describe('I need more time', () => {
  it('moves the person back the configured number of places, a bounded number of times', () => {
    const line = new Line(config({ moreTimePlaces: 2, maxMoreTime: 2, maxRemotePerService: 100 }));
    const me = line.enroll('lab', { channel: 'remote' });
    for (let i = 0; i < 4; i++) line.enroll('lab');
    expect(line.waiting('lab')).toEqual(['L-001', 'L-002', 'L-003', 'L-004', 'L-005']);

    line.ok({ type: 'more-time', entryId: me });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-003', 'L-001', 'L-004', 'L-005']);
    line.ok({ type: 'more-time', entryId: me });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-003', 'L-004', 'L-005', 'L-001']);

    const third = line.run({ type: 'more-time', entryId: me });
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.error.message).toMatch(/already been given more time 2 times/);
    expect(line.state.entries[me]!.moreTimeCount).toBe(2);
  });

  it('stops at the end of the line and refuses when already last', () => {
    const line = new Line(config({ moreTimePlaces: 5, maxMoreTime: 3, maxRemotePerService: 100 }));
    const me = line.enroll('lab', { channel: 'remote' });
    line.enroll('lab');
    line.ok({ type: 'more-time', entryId: me });
    expect(line.waiting('lab')).toEqual(['L-002', 'L-001']);
    const again = line.run({ type: 'more-time', entryId: me });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe('L-001 is already last in line');
  });

  it('is refused once the person has been called, and replays to the same line', () => {
    const line = new Line();
    const me = line.enroll('lab', { channel: 'remote' });
    line.enroll('lab');
    line.enroll('lab');
    line.ok({ type: 'more-time', entryId: me });
    line.open('c1');
    const first = line.ok({ type: 'call-next', counterId: 'c1' });
    expect(line.ticket(first)).toBe('L-002');
    line.ok({ type: 'start-serving', entryId: first });
    expect(line.ticket(line.ok({ type: 'call-next', counterId: 'c1' }))).toBe('L-003');
    line.ok({ type: 'start-serving', entryId: line.state.counters.c1!.currentEntryId! });
    expect(line.ok({ type: 'call-next', counterId: 'c1' })).toBe(me);
    expect(line.run({ type: 'more-time', entryId: me }).ok).toBe(false);
    const replayed = line.log.reduce((state, event) => applyEvent(state, event), createState(line.config));
    expect(replayed.lines).toEqual(line.state.lines);
    expect(replayed.entries[me]!.moreTimeCount).toBe(1);
  });
});

describe("I'm on my way", () => {
  it('is recorded once, while waiting or called', () => {
    const line = new Line();
    const me = line.enroll('lab', { channel: 'remote' });
    line.ok({ type: 'on-my-way', entryId: me });
    const at = line.state.entries[me]!.onMyWayAt;
    expect(at).toBe(line.now);
    line.advance(1);
    line.ok({ type: 'on-my-way', entryId: me });
    expect(line.state.entries[me]!.onMyWayAt).toBe(at);
    expect(line.log.filter((e) => e.data.type === 'entry.on-my-way')).toHaveLength(1);
    line.ok({ type: 'cancel', entryId: me, reason: 'left' });
    expect(line.run({ type: 'on-my-way', entryId: me }).ok).toBe(false);
  });
});

describe('remote joins', () => {
  it('are capped per service while kiosk joins go on', () => {
    const line = new Line(config({ moreTimePlaces: 3, maxMoreTime: 2, maxRemotePerService: 2 }));
    line.enroll('lab', { channel: 'remote' });
    line.enroll('lab', { channel: 'remote' });
    const refused = line.run({ type: 'enroll', serviceId: 'lab', channel: 'remote' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('line_full');
    expect(line.enroll('lab')).toBeTruthy();
    expect(line.enroll('xray', { channel: 'remote' })).toBeTruthy();
    expect(line.waiting('lab')).toHaveLength(3);
  });
});

describe('the desk and a called remote waiter', () => {
  it('shows until when they are given to arrive; walk-ins get no such time', () => {
    const line = new Line(config({ noShowGraceMinutes: 7 }));
    const remote = line.enroll('lab', { channel: 'remote' });
    line.enroll('reg');
    line.open('c1', 'c3');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.ok({ type: 'call-next', counterId: 'c3' });
    const board = deskBoard(line.state, line.config, line.now);
    const atCounter = (id: string) => board.counters.find((c) => c.counterId === id)!.current!;
    expect(atCounter('c1').entryId).toBe(remote);
    expect(atCounter('c1').graceEndsAt).toBe(new Date(line.now + 7 * 60_000).toISOString());
    expect(atCounter('c3').graceEndsAt).toBeNull();
  });
});
