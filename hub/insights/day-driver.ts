/**
 * Plays a simulated clinic day (day-model.ts) against a hub's REST API: walk-ins
 * at the kiosk, remote waiters and phone callers arrive, and one member of
 * staff at each counter calls, waits for the person to walk up, serves and
 * finishes, with a lunch break. Phone callers join and are called back through
 * the contact-center requests (enroll, callback-outcome, change-channel), as
 * a contact center would; voicemails, "I'm here" and walking in go through the
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
/**
 * How long a callback nobody ever answers stays open before it is given up on
 * as no answer. Until the hub has a callback time limit of its own (then it
 * times the call out, and the contact center reports nothing), the contact
 * center reports no-answer itself after this long.
 */
const UNANSWERED_CALLBACK_MINUTES = 10;

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
  private readonly sleepers: { at: number; order: number; wake: () => void }[] = [];

  constructor(start: number) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  until(at: number): Promise<void> {
    return new Promise((wake) => {
      // Event times are whole milliseconds.
      this.sleepers.push({ at: Math.max(Math.ceil(at), this.current), order: this.order++, wake });
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
    this.current = sleeper!.at;
    this.active++;
    sleeper!.wake();
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
  const counts: DayCounts = { joined: 0, refused: 0, served: 0, noShows: 0, callbacks: 0, reached: 0, noAnswers: 0, voicemails: 0, saidHere: 0, handOffs: 0 };
  const callbacksMade = new Map<string, number>();
  let requests = 0;
  /** A contact-center request, with a requestId of its own. */
  const contactCenterRequest = (type: string, fields: object) =>
    api<{ result?: EntryView }>('POST', `/contact-center/${type}`, { requestId: `sim-${model.seed}-${opening}-${++requests}`, ...fields });
  const stillWaiting = async (entryId: string) => (await api<EntryView>('GET', `/entries/${entryId}`)).body?.status === 'waiting';
  let arrived = 0;
  let contactCenter = true;

  const arrive = async (visit: SimulatedVisit, index: number) => {
    await clock.until(at(visit.arrivesAfterMinutes));
    const phone = `+1555010${String(index % 10_000).padStart(4, '0')}`;
    const language = random() < 0.3 ? 'es' : 'en';
    let joined: { ok: boolean; status: number; entry: EntryView | undefined } | null = null;
    // The contact center's voicemail request is not in its contract yet: the voicemail comes in as a phone entry that says so.
    const voicemail = visit.channel === 'phone' && visit.voicemailMinutesAgo !== null && {
      via: 'voicemail',
      leftAt: new Date(clock.now() - Math.round(visit.voicemailMinutesAgo * MINUTE)).toISOString(),
    };
    if (visit.channel === 'phone' && contactCenter && !voicemail) {
      const request = { requestId: `sim-${model.seed}-${opening}-${index}`, serviceId: visit.serviceId, phone, language };
      const reply = await api<{ result?: EntryView }>('POST', '/contact-center/enroll', request);
      // A site without a contact-center mirror takes phone callers as plain entries.
      if (reply.status === 404) contactCenter = false;
      else joined = { ok: reply.ok, status: reply.status, entry: reply.body.result };
    }
    const entry: { ok: boolean; status: number; entry: EntryView | undefined } = joined ?? await api<EntryView>('POST', '/entries', {
      serviceId: visit.serviceId,
      channel: visit.channel,
      priority: visit.priority,
      language,
      ...(visit.channel !== 'kiosk' && { phone }),
      ...voicemail,
    }).then((r) => ({ ok: r.ok, status: r.status, entry: r.body }));
    arrived++;
    if (!entry.ok || !entry.entry) {
      counts.refused++;
      return;
    }
    counts.joined++;
    if (voicemail) counts.voicemails++;
    const entryId = entry.entry.entryId;
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
   * in line or marks a no-show, as the site's policy says).
   */
  const callBack = async (entryId: string, visit: SimulatedVisit | undefined) => {
    const attempt = (callbacksMade.get(entryId) ?? 0) + 1;
    callbacksMade.set(entryId, attempt);
    counts.callbacks++;
    const answer = attempt === 1 ? (visit?.callback ?? 'reached') : 'reached';
    if (answer !== 'reached') {
      await sleep(answer === 'no-answer' ? RING_MINUTES : UNANSWERED_CALLBACK_MINUTES);
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
        await callBack(entryId, visit);
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

/** Epoch milliseconds of `day` (YYYY-MM-DD) at `time` (HH:MM) in `timezone`. */
export function zonedTime(day: string, time: string, timezone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at a guess, then at the corrected guess (they differ only across a clock change).
  let at = wanted;
  for (let i = 0; i < 2; i++) at = wanted - offsetAt(at, timezone);
  return at;
}

function offsetAt(at: number, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - Math.floor(at / 1000) * 1000;
}
