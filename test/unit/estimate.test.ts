/** The wait estimator on synthetic lines whose answers are known. */
import { describe, expect, it } from 'vitest';
import { entryView, estimateForEntry, estimateForJoiner, publicServiceState } from '../../hub/queue/index.ts';
import { Line, MINUTE } from '../helpers/queue.ts';

/** A line whose learned times are exact: service 4 minutes, walk-up 1 minute, no spread. */
function learnedLine(): Line {
  const line = new Line();
  for (const service of ['lab', 'xray', 'reg']) line.state.serviceStats[service] = { meanMs: 4 * MINUTE, varianceMs2: 0, samples: 20 };
  line.state.walkStats = { meanMs: 1 * MINUTE, varianceMs2: 0, samples: 20 };
  return line;
}

const estimateOf = (line: Line, entryId: string) => estimateForEntry(line.state, line.config, line.state.entries[entryId]!);

describe('wait estimates', () => {
  it('one free counter: each person ahead costs one walk-up plus one service', () => {
    const line = learnedLine();
    line.open('c1');
    const ids = [0, 1, 2, 3].map(() => line.enroll('lab'));
    // Called after 3 cycles of 5 minutes = 15, with 15% model slack: 12.75 … 17.25.
    expect(estimateOf(line, ids[3]!)).toEqual({ lowMinutes: 12, highMinutes: 18 });
  });

  it('two free counters take turns', () => {
    const line = learnedLine();
    line.open('c1', 'c2');
    const ids = [0, 1, 2, 3].map(() => line.enroll('lab'));
    // Counters 1 and 2 call the first two at once and the next two 5 minutes later.
    expect(estimateOf(line, ids[1]!)).toEqual({ lowMinutes: 0, highMinutes: 1 });
    expect(estimateOf(line, ids[3]!)).toEqual({ lowMinutes: 4, highMinutes: 6 });
  });

  it('a counter shared by two services calls them in arrival order', () => {
    const line = learnedLine();
    line.open('c2'); // lab and X-ray
    const labs = [0, 1, 2].map(() => line.enroll('lab'));
    const xray = line.enroll('xray');
    expect(estimateOf(line, labs[1]!)).toEqual({ lowMinutes: 4, highMinutes: 6 });
    // First in the X-ray line, but fourth at Counter 2: 15 minutes.
    expect(estimateOf(line, xray)).toEqual({ lowMinutes: 12, highMinutes: 18 });
  });

  it('a busy counter frees up, on average, half a cycle from now', () => {
    const line = learnedLine();
    line.open('c1');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    const next = line.enroll('lab');
    expect(estimateOf(line, next)).toEqual({ lowMinutes: 2, highMinutes: 3 });
  });

  it('priority visitors are called first, and everyone behind them waits longer', () => {
    const line = learnedLine(); // strict priority
    line.open('c1');
    const normal = line.enroll('lab');
    const urgent = line.enroll('lab', { priority: 1 });
    expect(estimateOf(line, urgent)).toEqual({ lowMinutes: 0, highMinutes: 1 });
    expect(estimateOf(line, normal)).toEqual({ lowMinutes: 4, highMinutes: 6 });
  });

  it('the spread of observed service times widens the range further back', () => {
    const line = learnedLine();
    line.state.serviceStats.lab = { meanMs: 4 * MINUTE, varianceMs2: (2 * MINUTE) ** 2, samples: 20 };
    line.open('c1');
    const ids = Array.from({ length: 10 }, () => line.enroll('lab'));
    const near = estimateOf(line, ids[1]!)!;
    const far = estimateOf(line, ids[9]!)!;
    expect(near.highMinutes - near.lowMinutes).toBeLessThan(far.highMinutes - far.lowMinutes);
    // 9 cycles = 45 minutes ± (1.2816 × √(9 × 4) + 6.75) = 45 ± 14.44.
    expect(far).toEqual({ lowMinutes: 30, highMinutes: 60 });
  });

  it('someone joining now goes after everyone waiting', () => {
    const line = learnedLine();
    line.open('c1');
    line.enroll('lab');
    line.enroll('lab');
    expect(estimateForJoiner(line.state, line.config, 'lab')).toEqual({ lowMinutes: 8, highMinutes: 12 });
  });

  it('makes up no range while no open counter serves the line, and says when counters usually open', () => {
    const line = learnedLine();
    const ids = [0, 1, 2].map(() => line.enroll('lab'));
    line.open('c3'); // open, but for registration only
    const entry = line.state.entries[ids[2]!]!;
    expect(estimateOf(line, ids[2]!)).toBeNull();
    expect(estimateForJoiner(line.state, line.config, 'lab')).toBeNull();
    expect(entryView(line.state, line.config, entry)).toMatchObject({ estimate: null, noCounterOpen: { usuallyOpensAt: null } });
    expect(publicServiceState(line.state, line.config, 'lab', line.now)).toMatchObject({ openCounters: 0, estimate: null, noCounterOpen: { usuallyOpensAt: null } });
    expect(publicServiceState(line.state, line.config, 'reg', line.now)).toMatchObject({ noCounterOpen: null, estimate: { lowMinutes: 0 } });

    const withHours = { ...line.config, hours: { opens: '08:00' } };
    expect(entryView(line.state, withHours, entry).noCounterOpen).toEqual({ usuallyOpensAt: '08:00' });

    // A counter for lab opens: a range again, from the counters now open, and no more noCounterOpen.
    line.open('c1');
    expect(estimateOf(line, ids[2]!)).toEqual({ lowMinutes: 8, highMinutes: 12 });
    expect(entryView(line.state, withHours, entry).noCounterOpen).toBeNull();
  });

  it('learns exact service and walk-up times from visits', () => {
    const line = new Line();
    line.open('c1');
    for (let i = 0; i < 6; i++) {
      const id = line.enroll('lab');
      line.ok({ type: 'call-next', counterId: 'c1' });
      line.advance(1);
      line.ok({ type: 'start-serving', entryId: id });
      line.advance(4);
      line.ok({ type: 'complete', entryId: id });
    }
    expect(line.state.serviceStats.lab).toMatchObject({ meanMs: 4 * MINUTE, varianceMs2: 0, samples: 6 });
    expect(line.state.walkStats).toMatchObject({ meanMs: MINUTE, varianceMs2: 0, samples: 6 });
  });

  it('learns the pace of a line from the gaps between calls while people wait', () => {
    const line = new Line();
    line.open('c1');
    for (let i = 0; i < 8; i++) line.enroll('lab');
    for (let i = 0; i < 7; i++) {
      const id = line.ok({ type: 'call-next', counterId: 'c1' });
      line.ok({ type: 'start-serving', entryId: id });
      line.advance(6);
    }
    expect(line.state.drain.lab!.interval).toMatchObject({ meanMs: 6 * MINUTE, varianceMs2: 0, samples: 6 });
  });
});
