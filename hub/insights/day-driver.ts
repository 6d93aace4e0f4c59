/**
 * Plays a simulated clinic day (day-model.ts) against a hub's REST API: walk-ins
 * at the kiosk, remote waiters and phone callers arrive, and one member of
 * staff at each counter calls, waits for the person to walk up, serves and
 * finishes, with a lunch break. Phone callers join and are called back through
 * the contact-center requests (enroll, voicemail, callback-outcome,
 * change-channel), as a contact center would; a callback it never reports on
 * is timed out by the hub itself. "I'm here" and walking in go through the
 * entries API. Everyone acts on a `DayClock`:
 *
 * - `SimulatedTime`: the clock of a hub started for the simulation
 *   (hub/simulate.ts). Each actor runs until it waits for a later time; when
 *   all of them wait, the clock jumps to the earliest wake-up. One actor acts
 *   at a time, so a seed gives the same day every time, and a 9-hour day takes
 *   well under a minute while every recorded time is that of a real day.
 * - `realTime()`: the machine's clock, for a hub that runs on it (`--url`). A
 *   day then takes as long as a day: faster would teach that hub's estimates
 *   and fill its reports with compressed times.
 */
import { systemClock } from '../context.ts';
import type { EntryView } from '../contract/index.ts';
import { DEFAULT_DAY, lunchBreak, seededRandom, simulatedDay, type DayModelOptions, type DayService, type SimulatedVisit } from './day-model.ts';

const MINUTE = 60_000;
/** How long staff wait for someone who was called and does not come. */
const NO_SHOW_AFTER_MINUTES = 3;
/** How often staff with nobody to call try again. */
const IDLE_MINUTES = 1;
/** How long an agent lets a callback ring before reporting no answer. */
const RING_MINUTES = 2;

export interface DayClock {
  now(): number;
  /** Resolves once the clock reads `at` or later. */
  until(at: number): Promise<void>;
}

export function realTime(): DayClock {
  return {
    now: systemClock,
    until: (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - systemClock()))),
  };
}

/** Discrete-event time for actors that take turns; see the file comment. */
export class SimulatedTime implements DayClock {
  private current: number;
  private active = 0;
  private order = 0;
  private readonly sleepers: { at: number; order: number; wake: () => void; fail: (error: unknown) => void }[] = [];
  private onAdvance: () => Promise<void> = async () => {};

  constructor(start: number) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  /**
   * Runs `task` each time the clock moves forward, before any actor acts at
   * the new time: what a hub does on a timer (callback deadlines) happens at
   * the moment it is due, where a real-time timer would not see the jump.
   */
  whenAdvanced(task: () => Promise<void>): void {
    this.onAdvance = task;
  }

  until(at: number): Promise<void> {
    return new Promise((wake, fail) => {
      // Event times are whole milliseconds.
      this.sleepers.push({ at: Math.max(Math.ceil(at), this.current), order: this.order++, wake, fail });
      this.active--;
      this.next();
    });
  }

  /** Moves the clock forward while no actor runs (overnight, between two days). */
  jumpTo(at: number): void {
    if (this.active > 0 || this.sleepers.length > 0) throw new Error('The simulated clock can jump only while nothing runs on it');
    this.current = Math.max(this.current, Math.ceil(at));
  }

  /** Runs the actors on this clock until every one has finished. */
  async run(actors: (() => Promise<void>)[]): Promise<void> {
    this.active += actors.length;
    await Promise.all(
      actors.map(async (actor) => {
        try {
          await actor();
        } finally {
          this.active--;
          this.next();
        }
      }),
    );
  }

  private next(): void {
    if (this.active > 0 || this.sleepers.length === 0) return;
    let first = 0;
    for (let i = 1; i < this.sleepers.length; i++) {
      const [a, b] = [this.sleepers[i]!, this.sleepers[first]!];
      if (a.at < b.at || (a.at === b.at && a.order < b.order)) first = i;
    }
    const [sleeper] = this.sleepers.splice(first, 1);
    // Counted as running from here, so nobody else acts while the task runs.
    this.active++;
    if (sleeper!.at === this.current) return sleeper!.wake();
    this.current = sleeper!.at;
    this.onAdvance().then(sleeper!.wake, sleeper!.fail);
  }
}

export type DayApi = <T>(method: string, path: string, body?: unknown) => Promise<{ ok: boolean; status: number; body: T }>;

/** REST calls to a hub at `baseUrl` with an API key that has every scope. */
export function dayApi(baseUrl: string, key: string): DayApi {
  return async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

export interface DayCounts {
  joined: number;
  refused: number;
  served: number;
  noShows: number;
  /** Callbacks the contact center made, and what came of them. */
  callbacks: number;
  reached: number;
  noAnswers: number;
  /** Never reported on: the hub timed them out. */
  timedOut: number;
  voicemails: number;
  saidHere: number;
  handOffs: number;
}

export interface DriveDayOptions {
  api: DayApi;
  clock: DayClock;
  /** When the clinic opens (the clock's time); arrivals follow the day model from then. */
  opening: number;
  model?: Partial<DayModelOptions>;
  /** The site's services with the minutes its file expects each to take; default: the hub's /services, 5 minutes each. */
  services?: DayService[];
  /** Progress lines, about every simulated hour. */
  progress?: (counts: DayCounts, minutesIn: number) => void;
}

/** One day: counters open at `opening`, people arrive through opening hours, staff serve until the line is empty after closing. */
export async function driveDay(options: DriveDayOptions): Promise<DayCounts> {
  const { api, clock, opening } = options;
  const model = { ...DEFAULT_DAY, ...options.model };
  const services = await api<{ serviceId: string; expectedServiceMinutes?: number }[]>('GET', '/services');
  const counters = await api<{ counterId: string }[]>('GET', '/counters');
  if (!services.ok || !counters.ok) throw new Error(`The hub refused the API key (HTTP ${services.status})`);
  const day = simulatedDay(options.services ?? services.body.map((s) => ({ id: s.serviceId, expectedServiceMinutes: s.expectedServiceMinutes ?? 5 })), model);
  const counterIds = counters.body.map((c) => c.counterId);
  const lunch = lunchBreak(counterIds);
  const closesAt = opening + model.openHours * 60 * MINUTE;
  const at = (minutes: number) => opening + minutes * MINUTE;
  const sleep = (minutes: number) => clock.until(clock.now() + minutes * MINUTE);
  const random = seededRandom(model.seed + 7);
  const visitsByEntry = new Map<string, SimulatedVisit>();
  const counts: DayCounts = { joined: 0, refused: 0, served: 0, noShows: 0, callbacks: 0, reached: 0, noAnswers: 0, timedOut: 0, voicemails: 0, saidHere: 0, handOffs: 0 };
  const callbacksMade = new Map<string, number>();
  let requests = 0;
  /** A contact-center request, with a requestId of its own. */
  const contactCenterRequest = (type: string, fields: object) =>
    api<{ result?: EntryView }>('POST', `/contact-center/${type}`, { requestId: `sim-${model.seed}-${opening}-${++requests}`, ...fields });
  const entryNow = async (entryId: string) => (await api<EntryView>('GET', `/entries/${entryId}`)).body;
  const stillWaiting = async (entryId: string) => (await entryNow(entryId))?.status === 'waiting';
  let arrived = 0;
  let contactCenter = true;

  /**
   * A caller the contact center passes on: a call (enroll) or a voicemail
   * left at `leftAt`. Null from a hub without the contact-center requests.
   */
  const joinThroughContactCenter = async (fields: object, leftAt: string | null) => {
    if (!contactCenter) return null;
    const reply = leftAt ? await contactCenterRequest('voicemail', { ...fields, leftAt }) : await contactCenterRequest('enroll', fields);
    // A site without a contact-center mirror takes phone callers as plain entries.
    if (reply.status !== 404) return { ok: reply.ok, body: reply.body.result };
    contactCenter = false;
    return null;
  };

  const arrive = async (visit: SimulatedVisit, index: number) => {
    await clock.until(at(visit.arrivesAfterMinutes));
    const phone = `+1555010${String(index % 10_000).padStart(4, '0')}`;
    const language = random() < 0.3 ? 'es' : 'en';
    const leftAt = visit.channel === 'phone' && visit.voicemailMinutesAgo !== null ? new Date(clock.now() - Math.round(visit.voicemailMinutesAgo * MINUTE)).toISOString() : null;
    const joined = visit.channel === 'phone' ? await joinThroughContactCenter({ serviceId: visit.serviceId, phone, language }, leftAt) : null;
    const entry =
      joined ??
      (await api<EntryView>('POST', '/entries', {
        serviceId: visit.serviceId,
        channel: visit.channel,
        priority: visit.priority,
        language,
        ...(visit.channel !== 'kiosk' && { phone }),
        ...(leftAt && { via: 'voicemail', leftAt }),
      }));
    arrived++;
    if (!entry.ok || !entry.body) {
      counts.refused++;
      return;
    }
    counts.joined++;
    if (leftAt) counts.voicemails++;
    const entryId = entry.body.entryId;
    visitsByEntry.set(entryId, visit);
    await awayFromTheLobby(visit, entryId, phone);
  };

  /** A remote waiter who comes in early and says so, or someone who changes channel while still waiting. */
  const awayFromTheLobby = async (visit: SimulatedVisit, entryId: string, phone: string) => {
    const joinedAt = clock.now();
    if (visit.hereAfterMinutes !== null) {
      await clock.until(joinedAt + visit.hereAfterMinutes * MINUTE);
      if ((await stillWaiting(entryId)) && (await api('POST', `/entries/${entryId}/arrived`, { via: 'status-page' })).ok) counts.saidHere++;
    }
    if (visit.handOff) {
      await clock.until(joinedAt + visit.handOff.afterMinutes * MINUTE);
      if (!(await stillWaiting(entryId))) return;
      const moved =
        visit.handOff.to === 'kiosk'
          ? await api('POST', `/entries/${entryId}/change-channel`, { channel: 'kiosk' })
          : await contactCenterRequest('change-channel', { entryId, phone });
      if (moved.ok) counts.handOffs++;
    }
  };

  /**
   * The contact center calls a phone caller back and reports what came of it:
   * reached (then served on the phone), or no answer (the hub puts them back
   * in line or marks a no-show, as the site's policy says). A callback it
   * never reports on holds the counter until the hub times it out.
   */
  const callBack = async (called: EntryView, visit: SimulatedVisit | undefined) => {
    const entryId = called.entryId;
    const attempt = (callbacksMade.get(entryId) ?? 0) + 1;
    callbacksMade.set(entryId, attempt);
    counts.callbacks++;
    const answer = attempt === 1 ? (visit?.callback ?? 'reached') : 'reached';
    if (answer === 'unanswered') {
      await clock.until(Date.parse(called.callback!.attempts.at(-1)!.answerBy));
      // A hub on the real clock checks its deadlines every few seconds; a simulated one at the deadline.
      while ((await entryNow(entryId))?.callback?.attempts.at(-1)?.outcome === null) await sleep(IDLE_MINUTES);
      counts.timedOut++;
      return;
    }
    if (answer === 'no-answer') {
      await sleep(RING_MINUTES);
      await contactCenterRequest('callback-outcome', { entryId, outcome: 'no-answer' });
      counts.noAnswers++;
      return;
    }
    await sleep(visit?.walkMinutes ?? 1);
    await contactCenterRequest('callback-outcome', { entryId, outcome: 'reached' });
    counts.reached++;
    await sleep(visit?.serviceMinutes ?? 5);
    await contactCenterRequest('callback-outcome', { entryId, outcome: 'completed' });
    counts.served++;
  };

  const setStatus = (counterId: string, status: 'open' | 'paused' | 'closed') => api('POST', `/counters/${counterId}/status`, { status });

  const staff = async (counterId: string) => {
    await clock.until(opening);
    await setStatus(counterId, 'open');
    for (;;) {
      if (lunch?.counterId === counterId && clock.now() >= at(lunch.fromMinutes) && clock.now() < at(lunch.toMinutes)) {
        await setStatus(counterId, 'paused');
        await clock.until(at(lunch.toMinutes));
        await setStatus(counterId, 'open');
      }
      const called = await api<EntryView>('POST', `/counters/${counterId}/call-next`);
      if (!called.ok) {
        // After closing, a counter with nobody left to call closes once everyone who came has joined.
        if (clock.now() >= closesAt && arrived === day.length) break;
        await sleep(IDLE_MINUTES);
        continue;
      }
      const entryId = called.body.entryId;
      const visit = visitsByEntry.get(entryId);
      if (called.body.channel === 'phone') {
        await callBack(called.body, visit);
        continue;
      }
      if (visit?.noShow) {
        await sleep(NO_SHOW_AFTER_MINUTES);
        await api('POST', `/entries/${entryId}/no-show`);
        counts.noShows++;
        continue;
      }
      await sleep(visit?.walkMinutes ?? 1);
      await api('POST', `/entries/${entryId}/start-serving`);
      await sleep(visit?.serviceMinutes ?? 5);
      await api('POST', `/entries/${entryId}/complete`);
      counts.served++;
    }
    await setStatus(counterId, 'closed');
  };

  const reporter = async () => {
    if (!options.progress) return;
    for (let hour = 1; arrived < day.length || hour <= model.openHours; hour++) {
      await clock.until(at(hour * 60));
      options.progress(counts, hour * 60);
    }
  };

  const actors = [...day.map((visit, i) => () => arrive(visit, i)), ...counterIds.map((id) => () => staff(id)), reporter];
  if (clock instanceof SimulatedTime) await clock.run(actors);
  else await Promise.all(actors.map((actor) => actor()));
  return counts;
}
