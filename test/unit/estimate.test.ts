/** The wait estimator on synthetic lines whose answers are known. */
import { describe, expect, it } from 'vitest';
import { estimateWait } from '../../hub/queue/index.ts';
import { Line, MINUTE } from '../helpers/queue.ts';

/** A line whose learned times are exact: service 4 minutes, walk-up 1 minute, no spread. */
function learnedLine(): Line {
  const line = new Line();
  line.state.serviceStats.lab = { meanMs: 4 * MINUTE, varianceMs2: 0, samples: 20 };
  line.state.serviceStats.xray = { meanMs: 4 * MINUTE, varianceMs2: 0, samples: 20 };
  line.state.walkStats = { meanMs: 1 * MINUTE, varianceMs2: 0, samples: 20 };
  return line;
}

describe('estimateWait', () => {
  it('one free counter: each person ahead costs one walk-up plus one service', () => {
    const line = learnedLine();
    line.open('c1');
    for (let i = 0; i < 4; i++) line.enroll('lab');
    // 3 ahead × 5 minutes = 15, with 15% model slack: 12.75 … 17.25.
    expect(estimateWait(line.state, line.config, 'lab', 4)).toEqual({ lowMinutes: 12, highMinutes: 18 });
  });

  it('two free counters halve it', () => {
    const line = learnedLine();
    line.open('c1', 'c2');
    for (let i = 0; i < 4; i++) line.enroll('lab');
    // 3 × 5 / 2 = 7.5 ± 1.125.
    expect(estimateWait(line.state, line.config, 'lab', 4)).toEqual({ lowMinutes: 6, highMinutes: 9 });
  });

  it('a counter shared by two services gives each the share of who waits for it', () => {
    const line = learnedLine();
    line.open('c2'); // lab and X-ray
    for (let i = 0; i < 3; i++) line.enroll('lab');
    line.enroll('xray');
    // Lab gets 3/4 of Counter 2: 1 × 5 / 0.75 = 6.67 ± 1.
    expect(estimateWait(line.state, line.config, 'lab', 2)).toEqual({ lowMinutes: 5, highMinutes: 8 });
  });

  it('a busy counter adds half a cycle before the first call', () => {
    const line = learnedLine();
    line.open('c1');
    line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c1' });
    line.enroll('lab');
    // 2.5 minutes until Counter 1 is free, ± 0.375.
    expect(estimateWait(line.state, line.config, 'lab', 1)).toEqual({ lowMinutes: 2, highMinutes: 3 });
  });

  it('the spread of observed service times widens the range with the place in line', () => {
    const line = learnedLine();
    line.state.serviceStats.lab = { meanMs: 4 * MINUTE, varianceMs2: (2 * MINUTE) ** 2, samples: 20 };
    line.open('c1');
    for (let i = 0; i < 10; i++) line.enroll('lab');
    const near = estimateWait(line.state, line.config, 'lab', 2)!;
    const far = estimateWait(line.state, line.config, 'lab', 10)!;
    expect(near.highMinutes - near.lowMinutes).toBeLessThan(far.highMinutes - far.lowMinutes);
    // 9 × 5 = 45 ± (1.2816 × 3 × 2 + 6.75) = 45 ± 14.44.
    expect(far).toEqual({ lowMinutes: 30, highMinutes: 60 });
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

  it('with every counter closed, assumes the counters that serve the service will open', () => {
    const line = learnedLine();
    for (let i = 0; i < 3; i++) line.enroll('lab');
    // Counters 1 and 2 serve lab: half a cycle split over two, then 2 × 5 / 2.
    expect(estimateWait(line.state, line.config, 'lab', 3)).toEqual({ lowMinutes: 5, highMinutes: 8 });
  });
});
