/** A small clinic and a driver for the pure queue domain, shared by the domain tests. */
import { parseCommand, type Command } from '../../hub/contract/index.ts';
import {
  createState,
  decideAndApply,
  type Actor,
  type PriorityPolicy,
  type QueueConfig,
  type QueueEvent,
  type QueueState,
} from '../../hub/queue/index.ts';

export const MINUTE = 60_000;
/** 2026-03-02 09:00 in New York (EST, UTC-5). */
export const MORNING = Date.parse('2026-03-02T14:00:00Z');

export function clinicConfig(priority: Partial<PriorityPolicy> = {}): QueueConfig {
  return {
    siteId: 'clinic',
    timezone: 'America/New_York',
    services: [
      { id: 'lab', prefix: 'L', name: { en: 'Lab' }, expectedServiceMinutes: 5, maxWaiting: 500 },
      { id: 'xray', prefix: 'X', name: { en: 'X-ray' }, expectedServiceMinutes: 10, maxWaiting: 500 },
      { id: 'reg', prefix: 'R', name: { en: 'Registration' }, expectedServiceMinutes: 3, maxWaiting: 500 },
    ],
    counters: [
      { id: 'c1', name: 'Counter 1', serviceIds: ['lab'] },
      { id: 'c2', name: 'Counter 2', serviceIds: ['lab', 'xray'] },
      { id: 'c3', name: 'Counter 3', serviceIds: ['reg'] },
    ],
    priority: { mode: 'strict', weights: { '0': 2, '1': 1 }, maxPassOvers: 3, maxPassOverMinutes: null, kioskClasses: [0], ...priority },
    appointments: { toleranceMinutes: 10 },
  };
}

const staff: Actor = { kind: 'staff', id: 'tester' };

/** Drives a line through commands with a controllable clock, keeping every event. */
export class Line {
  readonly state: QueueState;
  readonly log: QueueEvent[] = [];
  now: number;
  private ids = 0;

  constructor(
    readonly config: QueueConfig = clinicConfig(),
    start = MORNING,
  ) {
    this.state = createState(config);
    this.now = start;
  }

  run(command: Command) {
    const ctx = { config: this.config, state: this.state, now: this.now, newId: () => `e${++this.ids}` };
    const { decision, events } = decideAndApply(ctx, command, staff);
    this.log.push(...events);
    return decision;
  }

  /** Runs a command that must succeed and returns its subject id. */
  ok(command: Command): string {
    const decision = this.run(command);
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.error.message}`);
    const subject = decision.subject;
    return 'entryId' in subject ? subject.entryId : 'counterId' in subject ? subject.counterId : subject.entryIds.join(',');
  }

  enroll(serviceId: string, extra: Partial<Extract<Command, { type: 'enroll' }>> = {}): string {
    return this.ok({ type: 'enroll', serviceId, channel: 'kiosk', ...extra });
  }

  open(...counterIds: string[]): void {
    for (const counterId of counterIds) this.ok({ type: 'set-counter-status', counterId, status: 'open' });
  }

  ticket(entryId: string): string | null {
    return this.state.entries[entryId]!.ticket;
  }

  waiting(serviceId: string): string[] {
    return this.state.lines[serviceId]!.map((id) => this.ticket(id)!);
  }

  advance(minutes: number): void {
    this.now += minutes * MINUTE;
  }
}

/** A command from its type and payload, as the gateway would parse it; a payload that does not parse fails the test. */
export function command(type: string, payload: object): Command {
  const parsed = parseCommand(type, payload);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.command;
}
