/**
 * Managers' reports, computed from the event log: how long people waited (in
 * all, and in the lobby) and were served, by service, counter, channel (last
 * and first), hand-off path and hour of the day (median and 90th percentile),
 * how many left or did not show, the share served within a target wait, and
 * volumes; callbacks, voicemails and abandonment (insights/visit-figures.ts).
 * Pure: events in, figures out.
 */
import type { Channel } from '../contract/index.ts';
import type { AbandonmentRow, Report, ReportRow } from '../contract/reports.ts';
import type { CallbackOutcome, JoinedVia } from '../queue/model.ts';
import { percentileMinutes } from './percentile.ts';
import { abandonmentByChannel, abandonmentByWaitSoFar, callbackFigures, voicemailFigures } from './visit-figures.ts';

export type { Report, ReportRow };
import { localDay, type QueueEvent } from '../queue/index.ts';

export interface CallbackTry {
  attempt: number;
  requestedAt: number;
  outcome: CallbackOutcome | null;
  outcomeAt: number | null;
}

export interface Visit {
  serviceId: string;
  /** The channel it is in now (or ended in). */
  channel: Channel;
  /** Every channel it used, oldest first (the entry's channelHistory). */
  channels: Channel[];
  day: string;
  hour: number;
  counterId: string | null;
  queuedAt: number;
  calledAt: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  outcome: 'waiting' | 'done' | 'no_show' | 'left' | 'cancelled';
  /** Since when the person was in the building (see lobbySince); null while they never were. */
  inBuildingAt: number | null;
  via: JoinedVia | null;
  voicemailLeftAt: number | null;
  callbacks: CallbackTry[];
}

/** Joining at the kiosk or the desk is joining in the building. */
const IN_BUILDING: ReadonlySet<Channel> = new Set(['kiosk', 'desk']);

/** Rebuilds each visit (the first call counts for the wait; a transfer keeps the visit). */
export function visitsFromEvents(events: Iterable<QueueEvent>, timezone: string): Map<string, Visit> {
  const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' });
  const visits = new Map<string, Visit>();
  const start = (entryId: string, serviceId: string, channel: Channel, at: number, joined: Pick<Visit, 'via' | 'voicemailLeftAt'> = { via: null, voicemailLeftAt: null }) =>
    visits.set(entryId, {
      serviceId,
      channel,
      channels: [channel],
      day: localDay(at, timezone),
      hour: Number(hourFormat.format(at)),
      counterId: null,
      // A returned voicemail has waited since it was left, as the line and the desk count it.
      queuedAt: joined.voicemailLeftAt ?? at,
      calledAt: null,
      servingAt: null,
      finishedAt: null,
      outcome: 'waiting',
      inBuildingAt: IN_BUILDING.has(channel) ? at : null,
      ...joined,
      callbacks: [],
    });
  // As the queue's applier does (events/common.ts requestCallback): each call of a phone caller is one attempt.
  const requestCallback = (visit: Visit | undefined, at: number) => {
    if (visit?.channel === 'phone') visit.callbacks.push({ attempt: visit.callbacks.length + 1, requestedAt: at, outcome: null, outcomeAt: null });
  };
  const booked = new Map<string, string>();
  for (const { data, at } of events) {
    const visit = 'entryId' in data ? visits.get(data.entryId) : undefined;
    switch (data.type) {
      case 'entry.enrolled':
        start(data.entryId, data.serviceId, data.channel, at, { via: data.via ?? null, voicemailLeftAt: data.voicemailLeftAt ?? null });
        break;
      case 'entry.booked':
        booked.set(data.entryId, data.serviceId);
        break;
      case 'entry.checked-in':
        start(data.entryId, booked.get(data.entryId) ?? '', data.channel, at);
        break;
      case 'entry.called':
        if (visit && visit.calledAt === null) Object.assign(visit, { calledAt: at, counterId: data.counterId });
        requestCallback(visit, at);
        break;
      case 'entry.recalled':
        requestCallback(visit, at);
        break;
      case 'entry.callback-result': {
        const attempt = visit?.callbacks.find((c) => c.attempt === data.attempt);
        // A reached call that completes later was reached when it was answered: "your turn → reached" ends there.
        if (attempt) Object.assign(attempt, { outcome: data.outcome, outcomeAt: attempt.outcome === 'reached' ? attempt.outcomeAt : at });
        break;
      }
      case 'entry.arrived':
        if (visit) visit.inBuildingAt ??= at;
        break;
      case 'entry.serving':
        if (visit) visit.servingAt = at;
        break;
      case 'entry.completed':
        if (visit) Object.assign(visit, { finishedAt: at, outcome: 'done' });
        break;
      case 'entry.no-show':
        if (visit) Object.assign(visit, { finishedAt: at, outcome: 'no_show' });
        break;
      case 'entry.cancelled':
        if (visit) Object.assign(visit, { finishedAt: at, outcome: data.reason === 'left' ? 'left' : 'cancelled' });
        break;
      case 'entry.reopened':
        // An undone ending is not an outcome: the visit goes on and ends again later.
        if (visit) Object.assign(visit, { finishedAt: null, outcome: 'waiting' });
        break;
      case 'entry.channel-changed':
        if (!visit) break;
        visit.channel = data.channel;
        if (visit.channels.at(-1) !== data.channel) visit.channels.push(data.channel);
        if (IN_BUILDING.has(data.channel)) visit.inBuildingAt ??= at;
        break;
      default:
        break;
    }
  }
  return visits;
}

export function summarize(key: string, visits: Visit[], targetMinutes: number): ReportRow {
  const waits = visits.filter((v) => v.calledAt !== null).map((v) => v.calledAt! - v.queuedAt);
  // Someone who arrives only after their call spent no time waiting in the lobby.
  const lobby = visits.filter((v) => v.calledAt !== null && v.inBuildingAt !== null).map((v) => Math.max(0, v.calledAt! - v.inBuildingAt!));
  const services = visits.filter((v) => v.servingAt !== null && v.finishedAt !== null && v.outcome === 'done').map((v) => v.finishedAt! - v.servingAt!);
  return {
    key,
    visits: visits.length,
    served: visits.filter((v) => v.outcome === 'done').length,
    waitMedianMinutes: percentileMinutes(waits, 50),
    waitP90Minutes: percentileMinutes(waits, 90),
    lobbyMedianMinutes: percentileMinutes(lobby, 50),
    lobbyP90Minutes: percentileMinutes(lobby, 90),
    inLobby: lobby.length,
    serviceMedianMinutes: percentileMinutes(services, 50),
    serviceP90Minutes: percentileMinutes(services, 90),
    left: visits.filter((v) => v.outcome === 'left').length,
    noShows: visits.filter((v) => v.outcome === 'no_show').length,
    withinTarget: waits.length === 0 ? null : Math.round((waits.filter((w) => w <= targetMinutes * 60_000).length / waits.length) * 1000) / 1000,
  };
}

function groupBy(visits: Visit[], keyOf: (v: Visit) => string | null, targetMinutes: number): ReportRow[] {
  const groups = new Map<string, Visit[]>();
  for (const visit of visits) {
    const key = keyOf(visit);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), visit]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => summarize(key, group, targetMinutes));
}

/** The report for local days from..to (inclusive, YYYY-MM-DD). */
export function buildReport(events: Iterable<QueueEvent>, options: { timezone: string; from: string; to: string; targetMinutes: number }): Report {
  const visits = [...visitsFromEvents(events, options.timezone).values()].filter((v) => v.day >= options.from && v.day <= options.to);
  const { targetMinutes } = options;
  return {
    from: options.from,
    to: options.to,
    targetMinutes,
    totals: summarize('all', visits, targetMinutes),
    byService: groupBy(visits, (v) => v.serviceId, targetMinutes),
    byCounter: groupBy(visits, (v) => v.counterId, targetMinutes),
    byChannel: groupBy(visits, (v) => v.channel, targetMinutes),
    byFirstChannel: groupBy(visits, (v) => v.channels[0]!, targetMinutes),
    byPath: groupBy(visits, (v) => v.channels.join('→'), targetMinutes),
    byHour: groupBy(visits, (v) => String(v.hour).padStart(2, '0'), targetMinutes),
    callbacks: callbackFigures(visits),
    voicemails: voicemailFigures(visits, options.timezone),
    abandonmentByChannel: abandonmentByChannel(visits),
    abandonmentByWaitSoFar: abandonmentByWaitSoFar(visits),
  };
}

const CSV_COLUMNS: (keyof ReportRow)[] = [
  'key',
  'visits',
  'served',
  'waitMedianMinutes',
  'waitP90Minutes',
  'serviceMedianMinutes',
  'serviceP90Minutes',
  'left',
  'noShows',
  'withinTarget',
  'lobbyMedianMinutes',
  'lobbyP90Minutes',
  'inLobby',
];

/**
 * One CSV with a `dimension` column: totals, then each breakdown; then the
 * callback and voicemail figures, one a row (`key` names it, `value` holds it),
 * and abandonment (`value` is its rate). RFC 4180 quoting.
 */
export function reportToCsv(report: Report): string {
  const quote = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const sections: [string, ReportRow[]][] = [
    ['total', [report.totals]],
    ['service', report.byService],
    ['counter', report.byCounter],
    ['channel', report.byChannel],
    ['first-channel', report.byFirstChannel],
    ['path', report.byPath],
    ['hour', report.byHour],
  ];
  const lines = [['dimension', ...CSV_COLUMNS, 'value'].join(',')];
  const empty = CSV_COLUMNS.slice(1).map(() => '');
  for (const [dimension, rows] of sections) {
    for (const row of rows) lines.push([dimension, ...CSV_COLUMNS.map((c) => row[c]), ''].map(quote).join(','));
  }
  const figures: [string, object][] = [
    ['callbacks', report.callbacks],
    ['voicemails', report.voicemails],
  ];
  for (const [dimension, values] of figures) {
    for (const [key, value] of Object.entries(values)) lines.push([dimension, key, ...empty, value].map(quote).join(','));
  }
  const abandonment: [string, AbandonmentRow[]][] = [
    ['abandonment-channel', report.abandonmentByChannel],
    ['abandonment-wait-so-far', report.abandonmentByWaitSoFar],
  ];
  for (const [dimension, rows] of abandonment) {
    for (const row of rows) {
      const cells: Partial<Record<keyof ReportRow, unknown>> = { key: row.key, visits: row.visits, left: row.left, noShows: row.noShows };
      lines.push([dimension, ...CSV_COLUMNS.map((c) => cells[c] ?? ''), row.rate].map(quote).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
