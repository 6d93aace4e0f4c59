/**
 * Applies one committed event to the state. Every decision (ticket numbers,
 * places in line, who was passed over) was made when the command was decided
 * and is carried in the event, so replaying the log rebuilds the same state.
 */
import type { Entry, QueueEvent, QueueState, ServiceTimeStats } from './model.ts';

const RECENT_CALLS_KEPT = 10;
/** Weight of the newest observed service time in the moving average. */
const SERVICE_TIME_ALPHA = 0.05;

export function applyEvent(state: QueueState, event: QueueEvent): QueueState {
  const data = event.data;
  const at = event.at;
  switch (data.type) {
    case 'entry.enrolled': {
      startDay(state, data.day);
      state.ticketCounters[data.serviceId] = data.ticketNumber;
      const entry = newEntry(event, {
        id: data.entryId,
        ticket: data.ticket,
        day: data.day,
        serviceId: data.serviceId,
        channel: data.channel,
        channelHistory: [data.channel],
        status: 'waiting',
        priority: data.priority,
        language: data.language,
        phone: data.phone,
        requestId: data.requestId,
        reference: data.reference ?? null,
        queuedAt: at,
      });
      state.entries[entry.id] = entry;
      if (data.requestId) state.requestIds[data.requestId] = entry.id;
      lineOf(state, data.serviceId).splice(data.index, 0, entry.id);
      break;
    }
    case 'entry.booked': {
      state.entries[data.entryId] = newEntry(event, {
        id: data.entryId,
        ticket: null,
        day: null,
        serviceId: data.serviceId,
        channel: 'desk',
        channelHistory: [],
        status: 'booked',
        priority: data.priority,
        language: data.language,
        phone: data.phone,
        requestId: null,
        reference: data.reference,
        appointment: { start: data.start, end: data.end },
        queuedAt: data.start,
      });
      state.bookings[data.reference] = data.entryId;
      break;
    }
    case 'entry.checked-in': {
      startDay(state, data.day);
      const entry = entryOf(state, data.entryId);
      state.ticketCounters[entry.serviceId] = data.ticketNumber;
      Object.assign(entry, { status: 'waiting', ticket: data.ticket, day: data.day, queuedAt: data.queuedAt, arrivalSeq: event.seq });
      useChannel(entry, data.channel);
      lineOf(state, entry.serviceId).splice(data.index, 0, entry.id);
      break;
    }
    case 'entry.called': {
      const entry = entryOf(state, data.entryId);
      removeFromLine(state, entry);
      for (const passedId of data.passedOverIds) {
        const passed = entryOf(state, passedId);
        passed.passedOver += 1;
        passed.firstPassedOverAt ??= at;
      }
      const counter = state.counters[data.counterId]!;
      counter.currentEntryId = entry.id;
      if (data.credit) counter.credit = data.credit;
      Object.assign(entry, { status: 'called', calledAt: at, counterId: data.counterId });
      recordCall(state, entry.serviceId, at);
      state.recentCalls.unshift({
        entryId: entry.id,
        ticket: entry.ticket!,
        serviceId: entry.serviceId,
        counterId: data.counterId,
        calledAt: at,
        recalls: 0,
      });
      state.recentCalls.length = Math.min(state.recentCalls.length, RECENT_CALLS_KEPT);
      break;
    }
    case 'entry.recalled': {
      const entry = entryOf(state, data.entryId);
      entry.recalls += 1;
      // A recall is the newest call on the screen again, even one that had scrolled off the last ten.
      const shown = state.recentCalls.find((c) => c.entryId === entry.id);
      const call = shown ?? (entry.counterId && entry.ticket ? { entryId: entry.id, ticket: entry.ticket, serviceId: entry.serviceId, counterId: entry.counterId, calledAt: at, recalls: 0 } : null);
      if (call) {
        call.recalls = entry.recalls;
        call.calledAt = at;
        if (shown) state.recentCalls.splice(state.recentCalls.indexOf(shown), 1);
        state.recentCalls.unshift(call);
        state.recentCalls.length = Math.min(state.recentCalls.length, RECENT_CALLS_KEPT);
      }
      break;
    }
    case 'entry.serving': {
      const entry = entryOf(state, data.entryId);
      if (entry.calledAt !== null) state.walkStats = updateStats(state.walkStats ?? undefined, at - entry.calledAt);
      Object.assign(entry, { status: 'serving', servingAt: at });
      break;
    }
    case 'entry.completed': {
      const entry = entryOf(state, data.entryId);
      finish(state, entry, 'done', at);
      if (entry.servingAt !== null) {
        state.serviceStats[entry.serviceId] = updateStats(state.serviceStats[entry.serviceId], at - entry.servingAt);
      }
      break;
    }
    case 'entry.no-show': {
      finish(state, entryOf(state, data.entryId), 'no_show', at);
      break;
    }
    case 'entry.cancelled': {
      const entry = entryOf(state, data.entryId);
      removeFromLine(state, entry);
      finish(state, entry, 'cancelled', at);
      entry.cancelReason = data.reason;
      break;
    }
    case 'entry.moved': {
      const entry = entryOf(state, data.entryId);
      removeFromLine(state, entry);
      lineOf(state, entry.serviceId).splice(data.index, 0, entry.id);
      break;
    }
    case 'entry.on-my-way': {
      entryOf(state, data.entryId).onMyWayAt = at;
      break;
    }
    case 'entry.more-time': {
      const entry = entryOf(state, data.entryId);
      removeFromLine(state, entry);
      lineOf(state, entry.serviceId).splice(data.index, 0, entry.id);
      entry.moreTimeCount = (entry.moreTimeCount ?? 0) + 1; // snapshots from before this field lack it
      break;
    }
    case 'entry.transferred': {
      const entry = entryOf(state, data.entryId);
      removeFromLine(state, entry);
      releaseCounter(state, entry);
      Object.assign(entry, {
        serviceId: data.toServiceId,
        status: 'waiting',
        queuedAt: data.queuedAt,
        arrivalSeq: data.keepPlace ? entry.arrivalSeq : event.seq,
        calledAt: null,
        servingAt: null,
        counterId: null,
      });
      lineOf(state, data.toServiceId).splice(data.index, 0, entry.id);
      break;
    }
    case 'entry.requeued': {
      const entry = entryOf(state, data.entryId);
      releaseCounter(state, entry);
      Object.assign(entry, { status: 'waiting', calledAt: null, counterId: null });
      lineOf(state, entry.serviceId).splice(data.index, 0, entry.id);
      break;
    }
    case 'entry.channel-changed': {
      const entry = entryOf(state, data.entryId);
      useChannel(entry, data.channel);
      if (data.phone) entry.phone = data.phone;
      break;
    }
    case 'contacts.purged': {
      for (const id of data.entryIds) {
        const entry = state.entries[id];
        if (entry) entry.phone = null;
      }
      break;
    }
    case 'counter.status-changed': {
      state.counters[data.counterId]!.status = data.status;
      break;
    }
  }
  state.seq = event.seq;
  return state;
}

export type NewEntryFields = Pick<
  Entry,
  'id' | 'ticket' | 'day' | 'serviceId' | 'channel' | 'channelHistory' | 'status' | 'priority' | 'language' | 'phone' | 'requestId' | 'reference' | 'queuedAt'
> &
  Partial<Pick<Entry, 'appointment'>>;

/** A new visit: nothing has happened to it yet but what created it. */
export function newEntry(created: Pick<QueueEvent, 'at' | 'seq'>, fields: NewEntryFields): Entry {
  return {
    appointment: null,
    enrolledAt: created.at,
    arrivalSeq: created.seq,
    calledAt: null,
    servingAt: null,
    finishedAt: null,
    counterId: null,
    recalls: 0,
    passedOver: 0,
    firstPassedOverAt: null,
    cancelReason: null,
    onMyWayAt: null,
    moreTimeCount: 0,
    ...fields,
  };
}

function entryOf(state: QueueState, entryId: string): Entry {
  const entry = state.entries[entryId];
  if (!entry) throw new Error(`Event refers to unknown entry ${entryId}: the event log does not match the state`);
  return entry;
}

function useChannel(entry: Entry, channel: Entry['channel']): void {
  entry.channel = channel;
  if (entry.channelHistory.at(-1) !== channel) entry.channelHistory.push(channel);
}

function lineOf(state: QueueState, serviceId: string): string[] {
  return (state.lines[serviceId] ??= []);
}

function removeFromLine(state: QueueState, entry: Entry): void {
  const line = lineOf(state, entry.serviceId);
  const index = line.indexOf(entry.id);
  if (index >= 0) line.splice(index, 1);
}

function releaseCounter(state: QueueState, entry: Entry): void {
  if (entry.counterId === null) return;
  const counter = state.counters[entry.counterId];
  if (counter && counter.currentEntryId === entry.id) counter.currentEntryId = null;
}

function finish(state: QueueState, entry: Entry, status: 'done' | 'no_show' | 'cancelled', at: number): void {
  releaseCounter(state, entry);
  entry.status = status;
  entry.finishedAt = at;
}

function recordCall(state: QueueState, serviceId: string, at: number): void {
  const previous = state.drain[serviceId];
  const interval = previous?.backlog ? updateStats(previous.interval ?? undefined, at - previous.lastCallAt) : (previous?.interval ?? null);
  state.drain[serviceId] = { lastCallAt: at, backlog: lineOf(state, serviceId).length > 0, interval };
}

/** Folds one observed duration into an exponentially weighted mean and variance. */
function updateStats(stats: ServiceTimeStats | undefined, sampleMs: number): ServiceTimeStats {
  if (!stats) return { meanMs: sampleMs, varianceMs2: 0, samples: 1 };
  const diff = sampleMs - stats.meanMs;
  const increment = SERVICE_TIME_ALPHA * diff;
  return {
    meanMs: stats.meanMs + increment,
    varianceMs2: (1 - SERVICE_TIME_ALPHA) * (stats.varianceMs2 + diff * increment),
    samples: stats.samples + 1,
  };
}

/**
 * A new local day restarts ticket numbering. Finished entries of earlier days
 * leave the live state (they stay in the event log), so it does not grow forever.
 */
function startDay(state: QueueState, day: string): void {
  if (state.day === day) return;
  state.day = day;
  state.ticketCounters = {};
  state.recentCalls = [];
  // Overnight is not a gap between calls.
  for (const drain of Object.values(state.drain)) drain.backlog = false;
  for (const entry of Object.values(state.entries)) {
    const finished = entry.status === 'done' || entry.status === 'no_show' || entry.status === 'cancelled';
    if (finished && entry.day !== day) {
      delete state.entries[entry.id];
      if (entry.requestId) delete state.requestIds[entry.requestId];
      if (entry.reference) delete state.bookings[entry.reference];
    }
  }
}
