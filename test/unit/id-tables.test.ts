/** The queue state's id tables find only ids that were put in them, however the state was made. */
import { describe, expect, it } from 'vitest';
import { cloneState, decide, type QueueState } from '../../hub/queue/index.ts';
import { readSnapshot, storedSnapshot } from '../../hub/store/snapshot.ts';
import { Line, MINUTE } from '../helpers/queue.ts';

const BUILT_IN_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const TABLES = ['ticketCounters', 'entries', 'lines', 'counters', 'requestIds', 'bookings', 'serviceStats', 'drain'] as const;

function expectNoBuiltIns(state: QueueState): void {
  for (const table of TABLES) {
    for (const name of BUILT_IN_NAMES) expect(state[table][name], `${table}[${name}]`).toBeUndefined();
  }
}

/** A line that has seen a call, a completed visit and a new day. */
function busyLine(): Line {
  const line = new Line();
  line.open('c1');
  const first = line.enroll('lab');
  line.enroll('lab');
  line.ok({ type: 'call-next', counterId: 'c1' });
  line.ok({ type: 'start-serving', entryId: first });
  line.now += 5 * MINUTE;
  line.ok({ type: 'complete', entryId: first });
  line.now += 24 * 60 * MINUTE;
  line.enroll('lab');
  return line;
}

describe('id tables', () => {
  it('hold no built-in members in a new state, after a new day, in a copy and in a snapshot read back', () => {
    const line = busyLine();
    expectNoBuiltIns(line.state);
    expectNoBuiltIns(cloneState(line.state));
    const read = readSnapshot({ seq: line.state.seq, state: JSON.parse(JSON.stringify(storedSnapshot(line.state))) });
    expect(read.ok).toBe(true);
    if (read.ok) expectNoBuiltIns(read.state);
  });

  it('make a command on an id named after a built-in a plain not-found', () => {
    const line = busyLine();
    for (const name of BUILT_IN_NAMES) {
      const ctx = { config: line.config, state: line.state, now: line.now, newId: () => 'new' };
      const outcomes = [
        decide(ctx, { type: 'complete', entryId: name }),
        decide(ctx, { type: 'call-next', counterId: name }),
        decide(ctx, { type: 'check-in', reference: name, channel: 'kiosk' }),
      ];
      for (const outcome of outcomes) expect(outcome.ok ? 'ok' : outcome.error.code).toBe('not_found');
    }
  });

  it('keep an id named after a built-in as an ordinary key', () => {
    const line = new Line();
    const entryId = line.enroll('lab', { requestId: 'constructor' });
    expect(line.enroll('lab', { requestId: 'constructor' })).toBe(entryId);
    expect(cloneState(line.state).requestIds.constructor).toBe(entryId);
  });
});
