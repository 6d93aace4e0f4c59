/** Invariants of the queue under random sequences of commands (property-based). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../hub/contract/index.ts';
import { applyEvent, createState, type QueueState } from '../../hub/queue/index.ts';
import { clinicConfig, Line } from '../helpers/queue.ts';

const SERVICES = ['lab', 'xray', 'reg'];
const COUNTERS = ['c1', 'c2', 'c3'];

/** A step refers to entries by index into "everyone enrolled so far", resolved at run time. */
type Step =
  | { kind: 'enroll'; service: number; priority: number }
  | { kind: 'call-next'; counter: number }
  | { kind: 'call-entry'; counter: number; entry: number }
  | { kind: 'entry'; action: 'recall' | 'start-serving' | 'complete' | 'no-show' | 'cancel' | 'requeue' | 'undo'; entry: number }
  | { kind: 'move'; entry: number; toPosition: number }
  | { kind: 'transfer'; entry: number; service: number; keepPlace: boolean }
  | { kind: 'counter'; counter: number; status: 'open' | 'paused' | 'closed' }
  | { kind: 'wait'; minutes: number }
  | { kind: 'next-day' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('enroll' as const), service: fc.nat(2), priority: fc.nat(1) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('call-next' as const), counter: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('call-entry' as const), counter: fc.nat(2), entry: fc.nat(60) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      action: fc.constantFrom('recall' as const, 'start-serving' as const, 'complete' as const, 'no-show' as const, 'cancel' as const, 'requeue' as const, 'undo' as const),
      entry: fc.nat(60),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), entry: fc.nat(60), toPosition: fc.integer({ min: 1, max: 8 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), entry: fc.nat(60), service: fc.nat(2), keepPlace: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('counter' as const), counter: fc.nat(2), status: fc.constantFrom('open' as const, 'paused' as const, 'closed' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'next-day' as const }) },
);

function toCommand(s: Step, enrolled: string[]): Command | null {
  const entryId = (index: number) => enrolled[index % Math.max(1, enrolled.length)];
  switch (s.kind) {
    case 'enroll':
      return { type: 'enroll', serviceId: SERVICES[s.service]!, channel: 'kiosk', priority: s.priority };
    case 'call-next':
      return { type: 'call-next', counterId: COUNTERS[s.counter]! };
    case 'counter':
      return { type: 'set-counter-status', counterId: COUNTERS[s.counter]!, status: s.status };
    case 'wait':
    case 'next-day':
      return null;
  }
  const id = entryId(s.entry);
  if (!id) return null;
  switch (s.kind) {
    case 'call-entry':
      return { type: 'call-entry', counterId: COUNTERS[s.counter]!, entryId: id };
    case 'entry':
      return { type: s.action, entryId: id } as Command;
    case 'move':
      return { type: 'move', entryId: id, toPosition: s.toPosition };
    case 'transfer':
      return { type: 'transfer', entryId: id, toServiceId: SERVICES[s.service]!, keepPlace: s.keepPlace };
  }
}

/** Runs the steps; `check` sees the line after every step. */
function play(steps: Step[], config = clinicConfig(), check: (line: Line, enrolled: string[]) => void = () => {}) {
  const line = new Line(config);
  const enrolled: string[] = [];
  for (const s of steps) {
    if (s.kind === 'wait') line.advance(s.minutes);
    if (s.kind === 'next-day') line.advance(24 * 60);
    const command = toCommand(s, enrolled);
    if (command) {
      const decision = line.run(command);
      if (decision.ok && command.type === 'enroll' && 'entryId' in decision.subject) enrolled.push(decision.subject.entryId);
    }
    check(line, enrolled);
  }
  return { line, enrolled };
}

function assertConsistent(state: QueueState): void {
  const inLines = Object.values(state.lines).flat();
  expect(new Set(inLines).size).toBe(inLines.length);
  for (const [serviceId, line] of Object.entries(state.lines)) {
    for (const id of line) {
      expect(state.entries[id]).toMatchObject({ status: 'waiting', serviceId });
    }
  }
  for (const entry of Object.values(state.entries)) {
    if (entry.status === 'waiting') expect(inLines).toContain(entry.id);
    if (entry.status === 'called' || entry.status === 'serving') {
      expect(state.counters[entry.counterId!]!.currentEntryId).toBe(entry.id);
    }
  }
  for (const counter of Object.values(state.counters)) {
    if (counter.currentEntryId) expect(['called', 'serving']).toContain(state.entries[counter.currentEntryId]!.status);
  }
}

const runs = { numRuns: Number(process.env.QUEUE_PROPERTY_RUNS ?? 150) };

describe('queue invariants', () => {
  it('no entry is lost: every entry is in exactly one place that matches its status', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const { line, enrolled } = play(steps, clinicConfig(), (l) => assertConsistent(l.state));
        // Entries leave the live state only as finished visits of an earlier day.
        for (const id of enrolled) {
          const entry = line.state.entries[id];
          if (!entry) {
            const finishedEarlier = line.log.some(
              (e) => 'entryId' in e.data && e.data.entryId === id && ['entry.completed', 'entry.no-show', 'entry.cancelled'].includes(e.data.type),
            );
            expect(finishedEarlier).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it('ticket numbers are unique within a day', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), (steps) => {
        const { line } = play(steps);
        const issued = line.log.flatMap((e) => (e.data.type === 'entry.enrolled' ? [`${e.data.day} ${e.data.ticket}`] : []));
        expect(new Set(issued).size).toBe(issued.length);
      }),
      runs,
    );
  });

  it('call-next follows arrival order when nobody has priority or was moved', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (services, gaps) => {
        const line = new Line();
        line.open('c2'); // serves lab and xray
        const arrivals: string[] = [];
        services.forEach((s, i) => {
          line.advance(gaps[i] ?? 1);
          const id = line.enroll(SERVICES[s]!);
          if (SERVICES[s] !== 'reg') arrivals.push(id);
        });
        const called: string[] = [];
        for (;;) {
          const decision = line.run({ type: 'call-next', counterId: 'c2' });
          if (!decision.ok) break;
          const id = (decision.subject as { entryId: string }).entryId;
          called.push(id);
          line.ok({ type: 'start-serving', entryId: id });
        }
        expect(called).toEqual(arrivals);
      }),
      runs,
    );
  });

  for (const mode of ['strict', 'weighted'] as const) {
    it(`${mode}: nobody is passed over by call-next more often than the bound`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4 }),
          fc.array(step.filter((s) => s.kind !== 'call-entry' && s.kind !== 'move'), { maxLength: 150 }),
          (bound, steps) => {
            const config = clinicConfig({ mode, weights: { '0': 1, '1': 3 }, maxPassOvers: bound });
            play(steps, config, (line) => {
              for (const entry of Object.values(line.state.entries)) expect(entry.passedOver).toBeLessThanOrEqual(bound);
            });
          },
        ),
        runs,
      );
    });
  }

  it('replaying the log rebuilds the same state', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const { line } = play(steps);
        const replayed = createState(line.config);
        for (const event of line.log) applyEvent(replayed, event);
        expect(replayed).toEqual(line.state);
      }),
      runs,
    );
  });

  it('a refused command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), step, (steps, last) => {
        const { line, enrolled } = play(steps);
        const command = toCommand(last, enrolled);
        if (!command) return;
        const before = structuredClone(line.state);
        const decision = line.run(command);
        if (!decision.ok) expect(line.state).toEqual(before);
      }),
      runs,
    );
  });
});
