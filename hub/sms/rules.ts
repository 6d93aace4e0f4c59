/**
 * Which texts are due after a commit: pure functions of the committed events
 * and the line. Each text has an idempotency key built only from facts in the
 * event log (entry id, counter, call time, sequence number), so deciding again
 * after a restart or a second commit gives the same key and the outbox sends
 * it once.
 *
 * Phone callers (channel `phone`) are texted only when they join or move to
 * the phone (their place and when to expect the call) and when that time moves
 * a lot: the contact center calls them back; nothing else is texted to them.
 */
import type { Entry, QueueConfig, QueueEvent, QueueState } from '../queue/index.ts';
import { estimateForEntry, expectedCallback, positionOf } from '../queue/index.ts';
import { rulesForService, type SmsConfig } from './config.ts';
import { nameIn } from '../contract/names.ts';
import type { SmsMessage } from './templates.ts';

/** Texts about the line, as opposed to answers to replies. */
export const NOTIFICATION_KINDS = ['next', 'called', 'recalled', 'transferred', 'callback-confirmed', 'callback-moved', 'waiting-remote'] as const;
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
  /** What a phone caller was last told about their callback time, since the hub started; undefined: nothing. */
  told: (entryId: string) => ToldCallback | undefined;
}

export interface ToldCallback {
  /** The time they were told to expect the call; null: "when your turn comes". */
  expectedAt: number | null;
  /** When they were told. */
  at: number;
  /** Texts about their callback time so far, the confirmation included. */
  texts: number;
}

/** A new text needs the expected time to move by this much, and by this share of the wait they had left when told… */
const MOVED_MINUTES = 15;
const MOVED_SHARE = 0.5;
/** …at most this many times a visit, this long apart at the closest. */
const MAX_CALLBACK_RETEXTS = 2;
const RETEXT_GAP_MS = 10 * 60_000;

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
      case 'entry.enrolled':
      case 'entry.channel-changed':
        if (data.channel === 'phone') due.push(...callbackConfirmation(state, ctx, data.entryId, event));
        if (data.type === 'entry.channel-changed' && data.channel === 'remote') due.push(...waitingRemoteNotice(state, data.entryId, event.seq));
        break;
    }
  }
  due.push(...nearFrontNotices(state, ctx));
  const now = events.at(-1)?.at;
  if (now !== undefined) due.push(...callbackMovedNotices(state, ctx, now));
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
      serviceName: serviceNameFor(ctx, entry.serviceId, entry.language),
      place: positionOf(state, entry),
    }),
  ];
}

/** A phone caller's confirmation: the key holds the event's seq, so moving to the phone again confirms again. */
function callbackConfirmation(state: QueueState, ctx: RuleContext, entryId: string, event: QueueEvent): DueNotification[] {
  const entry = state.entries[entryId];
  const place = entry && positionOf(state, entry);
  if (!entry?.phone || !entry.ticket || entry.channel !== 'phone' || !place) return [];
  const expected = expectedCallback(state, ctx.config, entry, event.at);
  return [
    notice(entry, `${entry.id}:callback-confirmed:${event.seq}`, {
      kind: 'callback-confirmed',
      ticket: entry.ticket,
      place,
      expectedAt: expected?.expectedAt ?? null,
    }),
  ];
}

/** Phone callers whose expected callback time moved a lot since they were told (LineNotifications remembers what each was told). */
function callbackMovedNotices(state: QueueState, ctx: RuleContext, now: number): DueNotification[] {
  const due: DueNotification[] = [];
  for (const line of Object.values(state.lines)) {
    for (const [index, entryId] of line.entries()) {
      const entry = state.entries[entryId]!;
      const told = entry.channel === 'phone' && entry.phone && entry.ticket ? ctx.told(entry.id) : undefined;
      if (!told || told.texts > MAX_CALLBACK_RETEXTS || now - told.at < RETEXT_GAP_MS) continue;
      const expectedAt = expectedCallback(state, ctx.config, entry, now)?.expectedAt ?? null;
      if (!movedALot(told, expectedAt)) continue;
      due.push(notice(entry, `${entry.id}:callback-moved:${told.texts}`, { kind: 'callback-moved', ticket: entry.ticket!, place: index + 1, expectedAt: expectedAt! }));
    }
  }
  return due;
}

/** Whether a new expected time is worth a text: none before (no counter was open), or a big move both in minutes and in share of the wait. */
export function movedALot(told: ToldCallback, expectedAt: number | null): boolean {
  if (expectedAt === null) return false;
  if (told.expectedAt === null) return true;
  const shift = Math.abs(expectedAt - told.expectedAt);
  return shift >= MOVED_MINUTES * 60_000 && shift >= MOVED_SHARE * Math.max(0, told.expectedAt - told.at);
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
      due.push(notice(entry, key, { kind: 'next', ticket: entry.ticket!, serviceName: serviceNameFor(ctx, entry.serviceId, entry.language) }));
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
export function serviceNameFor(ctx: Pick<RuleContext, 'config' | 'sms'>, serviceId: string, language: string): string | null {
  if (ctx.sms.sensitiveServiceIds.includes(serviceId)) return null;
  const service = ctx.config.services.find((s) => s.id === serviceId);
  if (!service) return null;
  return service.name[language] ?? service.name[language.slice(0, 2)] ?? service.name.en ?? null;
}

function counterNameOf(config: QueueConfig, counterId: string, language: string): string {
  const counter = config.counters.find((c) => c.id === counterId);
  return counter ? nameIn(counter, language) : counterId;
}

function unknownOnly(due: DueNotification[], ctx: RuleContext): DueNotification[] {
  const seen = new Set<string>();
  return due.filter((n) => !ctx.known(n.key) && !seen.has(n.key) && seen.add(n.key));
}
