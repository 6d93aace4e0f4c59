/**
 * One site of the load generator: the real queue domain on the demo site's
 * lines, driven through a day compressed into `dayMs` of wall-clock time, and
 * the upstream messages its hub's mirror would publish for each event
 * (hub/mirror/event-stream.ts, so payloads are exactly a hub's). Walk-ins,
 * remote waiters and phone callers arrive; each open counter calls the next,
 * who walks up (or never comes: no-show) and is served, or leaves the line
 * before their turn. Time is the wall clock at each step: an event's `at` is
 * its commit time, so a consumer can measure its lag from it.
 */
import type { Command, UpstreamEvent } from '../../../hub/contract/index.ts';
import { upstreamMessages, upstreamState, type UpstreamMessage } from '../../../hub/mirror/event-stream.ts';
import { createState, decideAndApply, type Actor, type QueueConfig, type QueueState } from '../../../hub/queue/index.ts';

type Happening = { at: number; kind: 'arrive' } | { at: number; kind: 'walked-up' | 'no-show' | 'served' | 'leaves'; entryId: string };

export interface SiteDay {
  visits: number;
  /** How long the day lasts on the wall clock; arrivals stop at 90 % of it so the lines empty by its end. */
  dayMs: number;
  random: () => number;
}

const CHANNELS = [
  ['kiosk', 0.6],
  ['remote', 0.15],
  ['phone', 0.25],
] as const;
const NO_SHOW = 0.06;
const LEAVES = 0.04;
/** Counters are kept this busy: the lines stay short and the day ends with them empty. */
const UTILISATION = 0.75;

const staff: Actor = { kind: 'staff', id: 'load-staff' };
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };

export class SimulatedSite {
  readonly state: QueueState;
  private readonly agenda: Happening[] = [];
  private readonly serviceMs: number;
  private ids = 0;
  private arrivals = 0;
  private lastAt = 0;

  constructor(
    readonly siteId: string,
    private readonly index: number,
    private readonly config: QueueConfig,
    private readonly day: SiteDay,
  ) {
    this.state = createState(config);
    const start = Date.now();
    const arrivalSpan = day.dayMs * 0.9;
    for (let i = 0; i < day.visits; i++) this.plan({ at: start + day.random() * arrivalSpan, kind: 'arrive' });
    this.serviceMs = (config.counters.length * arrivalSpan * UTILISATION) / Math.max(1, day.visits);
  }

  /** Counters open: the first events of the day. */
  open(): UpstreamMessage[] {
    return this.config.counters.flatMap((c) => this.run({ type: 'set-counter-status', counterId: c.id, status: 'open' }, staff));
  }

  get done(): boolean {
    return this.agenda.length === 0;
  }

  /** Plays whatever is due by the wall clock's now; the messages its mirror would publish, in order. */
  advance(): UpstreamMessage[] {
    const messages: UpstreamMessage[] = [];
    while (this.agenda.length > 0 && this.agenda[0]!.at <= Date.now()) {
      const next = this.agenda.shift()!;
      messages.push(...this.happen(next));
      messages.push(...this.callWhereFree());
    }
    return messages;
  }

  /** The retained summary the mirror publishes on cc/state. */
  summary() {
    return upstreamState({ siteId: this.siteId, name: this.siteId, languages: ['en', 'es'] }, this.state, this.config, Date.now());
  }

  private happen(happening: Happening): UpstreamMessage[] {
    const now = Date.now();
    const { random } = this.day;
    switch (happening.kind) {
      case 'arrive': {
        const number = ++this.arrivals;
        const channel = pick(random());
        const counter = this.config.counters[Math.floor(random() * this.config.counters.length)]!;
        const serviceId = counter.serviceIds[Math.floor(random() * counter.serviceIds.length)]!;
        const command: Command = {
          type: 'enroll',
          serviceId,
          channel,
          language: random() < 0.3 ? 'es' : 'en',
          ...(channel !== 'kiosk' && { phone: `+1555${String(this.index).padStart(3, '0')}${String(number % 10_000).padStart(4, '0')}` }),
          ...(channel === 'phone' && { reason: 'lab results' }),
        };
        const messages = this.run(command, channel === 'kiosk' ? kiosk : staff);
        const entryId = lastEntryId(messages);
        if (entryId && random() < LEAVES) this.plan({ at: now + random() * this.serviceMs * 2, kind: 'leaves', entryId });
        return messages;
      }
      case 'leaves':
        return this.state.entries[happening.entryId]?.status === 'waiting' ? this.run({ type: 'cancel', entryId: happening.entryId, reason: 'left' }, staff) : [];
      case 'walked-up':
        this.plan({ at: now + this.serviceMs * (0.5 + random()), kind: 'served', entryId: happening.entryId });
        return this.run({ type: 'start-serving', entryId: happening.entryId }, staff);
      case 'served':
        return this.run({ type: 'complete', entryId: happening.entryId }, staff);
      case 'no-show':
        return this.run({ type: 'no-show', entryId: happening.entryId }, staff);
    }
  }

  private callWhereFree(): UpstreamMessage[] {
    const messages: UpstreamMessage[] = [];
    const now = Date.now();
    for (const counter of this.config.counters) {
      const live = this.state.counters[counter.id]!;
      if (live.status !== 'open' || live.currentEntryId !== null) continue;
      const called = this.run({ type: 'call-next', counterId: counter.id }, staff);
      const entryId = lastEntryId(called);
      if (!entryId) continue;
      messages.push(...called);
      const noShow = this.day.random() < NO_SHOW;
      this.plan({ at: now + this.serviceMs * (noShow ? 0.3 : 0.1), kind: noShow ? 'no-show' : 'walked-up', entryId });
    }
    return messages;
  }

  private run(command: Command, actor: Actor): UpstreamMessage[] {
    // The wall clock, never behind the last event: `at` is the commit time.
    const now = (this.lastAt = Math.max(Date.now(), this.lastAt));
    const { decision, events } = decideAndApply({ config: this.config, state: this.state, now, newId: () => `${this.siteId}-v${++this.ids}` }, command, actor);
    if (!decision.ok) return [];
    return events.flatMap((event) => upstreamMessages(this.siteId, this.config, event, (id) => this.state.entries[id]));
  }

  private plan(happening: Happening): void {
    // Binary insertion: the agenda stays sorted by time, equal times in planning order.
    let low = 0;
    let high = this.agenda.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.agenda[mid]!.at <= happening.at) low = mid + 1;
      else high = mid;
    }
    this.agenda.splice(low, 0, happening);
  }
}

function pick(roll: number): (typeof CHANNELS)[number][0] {
  for (const [channel, share] of CHANNELS) {
    if (roll < share) return channel;
    roll -= share;
  }
  return 'kiosk';
}

/** The entry the last event of these messages is about (an enrolment or a call), if any. */
function lastEntryId(messages: UpstreamMessage[]): string | null {
  const event = messages.filter((m) => m.topic.endsWith('/cc/events')).at(-1)?.payload as UpstreamEvent | undefined;
  const entryId = event?.data.entryId;
  return typeof entryId === 'string' ? entryId : null;
}
