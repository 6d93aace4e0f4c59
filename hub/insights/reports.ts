/**
 * Managers' reports, computed from the event log: how long people waited and
 * were served, by service, counter, channel and hour of the day (median and
 * 90th percentile), how many left or did not show, the share served within a
 * target wait, and volumes. Pure: events in, figures out.
 */
import type { Channel } from '../contract/index.ts';
import type { Report, ReportRow } from '../contract/reports.ts';

export type { Report, ReportRow };
import { localDay, type QueueEvent } from '../queue/index.ts';

export interface Visit {
  serviceId: string;
  channel: Channel;
  day: string;
  hour: number;
  counterId: string | null;
  queuedAt: number;
  calledAt: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  outcome: 'waiting' | 'done' | 'no_show' | 'left' | 'cancelled';
}

/** Rebuilds each visit (the first call counts for the wait; a transfer keeps the visit). */
export function visitsFromEvents(events: Iterable<QueueEvent>, timezone: string): Map<string, Visit> {
  const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' });
  const visits = new Map<string, Visit>();
  const start = (entryId: string, serviceId: string, channel: Channel, at: number) =>
    visits.set(entryId, {
      serviceId,
      channel,
      day: localDay(at, timezone),
      hour: Number(hourFormat.format(at)),
      counterId: null,
      queuedAt: at,
      calledAt: null,
      servingAt: null,
      finishedAt: null,
      outcome: 'waiting',
    });
  const booked = new Map<string, string>();
  for (const { data, at } of events) {
    const visit = 'entryId' in data ? visits.get(data.entryId) : undefined;
    switch (data.type) {
      case 'entry.enrolled':
        start(data.entryId, data.serviceId, data.channel, at);
        break;
      case 'entry.booked':
        booked.set(data.entryId, data.serviceId);
        break;
      case 'entry.checked-in':
        start(data.entryId, booked.get(data.entryId) ?? '', data.channel, at);
        break;
      case 'entry.called':
        if (visit && visit.calledAt === null) Object.assign(visit, { calledAt: at, counterId: data.counterId });
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
        if (visit) visit.channel = data.channel;
        break;
      default:
        break;
    }
  }
  return visits;
}

/** Nearest-rank percentile, in minutes; null for no data. */
function percentileMinutes(durationsMs: number[], p: number): number | null {
  if (durationsMs.length === 0) return null;
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return Math.round((value / 60_000) * 10) / 10;
}

export function summarize(key: string, visits: Visit[], targetMinutes: number): ReportRow {
  const waits = visits.filter((v) => v.calledAt !== null).map((v) => v.calledAt! - v.queuedAt);
  const services = visits.filter((v) => v.servingAt !== null && v.finishedAt !== null && v.outcome === 'done').map((v) => v.finishedAt! - v.servingAt!);
  return {
    key,
    visits: visits.length,
    served: visits.filter((v) => v.outcome === 'done').length,
    waitMedianMinutes: percentileMinutes(waits, 50),
    waitP90Minutes: percentileMinutes(waits, 90),
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
    byHour: groupBy(visits, (v) => String(v.hour).padStart(2, '0'), targetMinutes),
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
];

/** One CSV with a `dimension` column: totals, then each breakdown. RFC 4180 quoting. */
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
    ['hour', report.byHour],
  ];
  const lines = [['dimension', ...CSV_COLUMNS].join(',')];
  for (const [dimension, rows] of sections) {
    for (const row of rows) lines.push([dimension, ...CSV_COLUMNS.map((c) => row[c])].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
