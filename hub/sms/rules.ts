/**
 * Which texts are due after a commit: pure functions of the committed events
 * and the line. Each text has an idempotency key built only from facts in the
 * event log (entry id, counter, call time, sequence number), so deciding again
 * after a restart or a second commit gives the same key and the outbox sends
 * it once.
 *
 * Phone callers (channel `phone`) get no texts: the contact center calls them back.
 */
import type { Entry, QueueConfig, QueueEvent, QueueState } from '../queue/index.ts';
import { estimateForEntry, positionOf } from '../queue/index.ts';
import { rulesForService, type SmsConfig } from './config.ts';
import { nameIn } from '../contract/names.ts';
import type { SmsMessage } from './templates.ts';

/** Texts about the line, as opposed to answers to replies. */
export const NOTIFICATION_KINDS = ['next', 'called', 'recalled', 'transferred', 'waiting-remote'] as const;
export type NotificationMessage = Extract<SmsMessage, { kind: (typeof NOTIFICATION_KINDS)[number] }>;

export interface DueNotification {
  key: string;
  entryId: string;
  /** E.164. */
  to: string;
  language: string;
  message: NotificationMessage;
}

export interface RuleContext {
  config: QueueConfig;
  sms: Pick<SmsConfig, 'rules' | 'sensitiveServiceIds'>;
  /** Whether the outbox already holds a key: such texts are not decided again (and no estimate is worked out for them). */
  known: (key: string) => boolean;
}

/** A call older than this is not texted at start-up: the moment has passed. */
export const CALLED_CATCH_UP_MS = 5 * 60_000;

/** The texts due after `events` were committed; `state` already includes them. */
export function notificationsAfterCommit(events: readonly QueueEvent[], state: QueueState, ctx: RuleContext): DueNotification[] {
  const due: DueNotification[] = [];
  for (const event of events) {
    const data = event.data;
    switch (data.type) {
      case 'entry.called':
        due.push(...calledNotice(state, ctx, data.entryId, event.at));
        break;
      case 'entry.recalled':
        due.push(...recalledNotice(state, ctx, data.entryId));
        break;
      case 'entry.transferred':
        due.push(...transferNotice(state, ctx, data.entryId, event.seq));
        break;
      case 'entry.channel-changed':
        if (data.channel === 'remote') due.push(...waitingRemoteNotice(state, data.entryId, event.seq));
        break;
    }
  }
  due.push(...nearFrontNotices(state, ctx));
  return unknownOnly(due, ctx);
}

/**
 * What may have been missed while the hub was down between a commit and the
 * outbox: people near the front, and calls made in the last few minutes.
 */
export function notificationsAtStart(state: QueueState, now: number, ctx: RuleContext): DueNotification[] {
  const recentCalls = Object.values(state.entries)
    .filter((entry) => entry.status === 'called' && entry.calledAt !== null && now - entry.calledAt <= CALLED_CATCH_UP_MS)
    .flatMap((entry) => calledNotice(state, ctx, entry.id, entry.calledAt!));
  return unknownOnly([...recentCalls, ...nearFrontNotices(state, ctx)], ctx);
}

function calledNotice(state: QueueState, ctx: RuleContext, entryId: string, calledAt: number): DueNotification[] {
  const entry = textable(state, entryId);
  if (!entry || entry.status !== 'called' || !entry.counterId) return [];
  if (!rulesForService(ctx.sms.rules, entry.serviceId).onCalled) return [];
  const counterName = counterNameOf(ctx.config, entry.counterId, entry.language);
  return [notice(entry, `${entry.id}:called:${entry.counterId}:${calledAt}`, { kind: 'called', ticket: entry.ticket!, counterName, calledAt })];
}

/** A caller or walk-in who now waits remotely gets their status link: the only way to follow their place. */
function waitingRemoteNotice(state: QueueState, entryId: string, seq: number): DueNotification[] {
  const entry = textable(state, entryId);
  if (!entry || entry.channel !== 'remote') return [];
  return [notice(entry, `${entry.id}:remote:${seq}`, { kind: 'waiting-remote', ticket: entry.ticket! })];
}

function recalledNotice(state: QueueState, ctx: RuleContext, entryId: string): DueNotification[] {
  const entry = textable(state, entryId);
  if (!entry || entry.status !== 'called' || !entry.counterId) return [];
  if (!rulesForService(ctx.sms.rules, entry.serviceId).onCalled) return [];
  const counterName = counterNameOf(ctx.config, entry.counterId, entry.language);
  return [notice(entry, `${entry.id}:recalled:${entry.counterId}:${entry.recalls}`, { kind: 'recalled', ticket: entry.ticket!, counterName })];
}

function transferNotice(state: QueueState, ctx: RuleContext, entryId: string, seq: number): DueNotification[] {
  const entry = textable(state, entryId);
  if (!entry || entry.status !== 'waiting') return [];
  if (!rulesForService(ctx.sms.rules, entry.serviceId).onTransfer) return [];
  return [
    notice(entry, `${entry.id}:transferred:${entry.serviceId}:${seq}`, {
      kind: 'transferred',
      ticket: entry.ticket!,
      serviceName: serviceNameFor(ctx, entry),
      place: positionOf(state, entry),
    }),
  ];
}

/**
 * People whose place became `placeWithin` or better, or whose earliest
 * estimated call is `waitWithinMinutes` away or less. Once per line and per
 * "more time": whoever asked for more time is texted again when near the front.
 */
function nearFrontNotices(state: QueueState, ctx: RuleContext): DueNotification[] {
  const due: DueNotification[] = [];
  for (const [serviceId, line] of Object.entries(state.lines)) {
    const rules = rulesForService(ctx.sms.rules, serviceId);
    if (rules.placeWithin === null && rules.waitWithinMinutes === null) continue;
    for (const [index, entryId] of line.entries()) {
      const place = index + 1;
      const withinPlace = rules.placeWithin !== null && place <= rules.placeWithin;
      // Beyond the place rule only the wait rule can apply, and waits only grow further back.
      if (!withinPlace && rules.waitWithinMinutes === null) break;
      const entry = textable(state, entryId);
      if (!entry) continue;
      const key = `${entry.id}:next:${serviceId}:${entry.moreTimeCount}`;
      if (ctx.known(key)) continue;
      if (!withinPlace) {
        const estimate = estimateForEntry(state, ctx.config, entry);
        if (!estimate || estimate.lowMinutes > rules.waitWithinMinutes!) break;
      }
      due.push(notice(entry, key, { kind: 'next', ticket: entry.ticket!, serviceName: serviceNameFor(ctx, entry) }));
    }
  }
  return due;
}

/** The entry, when it has a number to text and is not waiting for a contact-center callback. */
function textable(state: QueueState, entryId: string): Entry | null {
  const entry = state.entries[entryId];
  return entry && entry.phone && entry.ticket && entry.channel !== 'phone' ? entry : null;
}

function notice(entry: Entry, key: string, message: NotificationMessage): DueNotification {
  return { key, entryId: entry.id, to: entry.phone!, language: entry.language, message };
}

/** The service's name in the person's language, or null for a sensitive service. */
function serviceNameFor(ctx: RuleContext, entry: Entry): string | null {
  if (ctx.sms.sensitiveServiceIds.includes(entry.serviceId)) return null;
  const service = ctx.config.services.find((s) => s.id === entry.serviceId);
  if (!service) return null;
  return service.name[entry.language] ?? service.name[entry.language.slice(0, 2)] ?? service.name.en ?? null;
}

function counterNameOf(config: QueueConfig, counterId: string, language: string): string {
  const counter = config.counters.find((c) => c.id === counterId);
  return counter ? nameIn(counter, language) : counterId;
}

function unknownOnly(due: DueNotification[], ctx: RuleContext): DueNotification[] {
  const seen = new Set<string>();
  return due.filter((n) => !ctx.known(n.key) && !seen.has(n.key) && seen.add(n.key));
}
