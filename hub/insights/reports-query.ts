/** Turns a report request (days, target) into a report read from the event log; shared by the API and the desk. */
import { lobbylineError, type LobbylineError } from '../contract/index.ts';
import { sendError } from '../http/send-error.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { FastifyReply } from 'fastify';
import type { Report } from '../contract/reports.ts';
import { buildReport, reportToCsv } from './reports.ts';
import { localDay } from '../queue/index.ts';
import type { EventLog } from '../store/event-log.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HOUR_MS = 3_600_000;
/** Local days never start more than 14 hours away from UTC midnight. */
const ZONE_MARGIN_MS = 14 * HOUR_MS;
const MAX_DAYS = 366;

export async function reportFor(
  deps: { engine: QueueEngine; log: EventLog },
  query: { from?: string; to?: string; targetMinutes?: string },
): Promise<{ ok: true; report: Report } | { ok: false; error: LobbylineError }> {
  const today = localDay(deps.engine.now(), deps.engine.config.timezone);
  const from = query.from ?? today;
  const to = query.to ?? from;
  const targetMinutes = Number(query.targetMinutes ?? 15);
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    return { ok: false, error: lobbylineError('invalid_request', 'from and to must be dates as YYYY-MM-DD') };
  }
  if (to < from) return { ok: false, error: lobbylineError('invalid_request', `to (${to}) is before from (${from})`) };
  if ((Date.parse(to) - Date.parse(from)) / (24 * HOUR_MS) > MAX_DAYS) {
    return { ok: false, error: lobbylineError('invalid_request', `Ask for at most ${MAX_DAYS} days at a time`) };
  }
  if (!Number.isFinite(targetMinutes) || targetMinutes <= 0 || targetMinutes > 24 * 60) {
    return { ok: false, error: lobbylineError('invalid_request', 'targetMinutes must be a number of minutes, 1 to 1440') };
  }
  const events = await deps.log.eventsBetween(Date.parse(from) - ZONE_MARGIN_MS, Date.parse(to) + 24 * HOUR_MS + ZONE_MARGIN_MS);
  return { ok: true, report: buildReport(events, { timezone: deps.engine.config.timezone, from, to, targetMinutes }) };
}

/** Answers a report request as JSON, or as a CSV download with `format=csv`. */
export async function sendReport(
  deps: { engine: QueueEngine; log: EventLog },
  query: { from?: string; to?: string; format?: string; targetMinutes?: string },
  reply: FastifyReply,
): Promise<FastifyReply> {
  const result = await reportFor(deps, query);
  if (!result.ok) return sendError(reply, result.error);
  if (query.format !== 'csv') return reply.send(result.report);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="lobbyline-${result.report.from}-${result.report.to}.csv"`)
    .send(reportToCsv(result.report));
}
