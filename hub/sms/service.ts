/**
 * The SMS notifier: after each commit it decides which texts are due
 * (./rules.ts), stores them in its outbox (./outbox.ts) and has them sent
 * (./outbox-sender.ts); it answers replies (./replies.ts), forgets numbers
 * after the visit (./config.ts `retentionHours`) and reports its health for
 * the staff desk. Numbers in logs are always masked; texts are never logged.
 */
import { randomUUID } from 'node:crypto';
import type { SmsGatewayHealth } from '../contract/desk.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent, QueueEventType } from '../queue/index.ts';
import { closeDatabase } from '../store/sqlite.ts';
import { AutoReplyLimiter } from './auto-replies.ts';
import { unknownSmsServiceIds, type SmsConfig } from './config.ts';
import type { DeliveryReport, GatewayHandlers, GatewayHealth, IncomingSms, SmsGateway } from './gateway.ts';
import { maskPhone, maskPhonesIn } from './mask-phone.ts';
import { OptOutList } from './opt-outs.ts';
import { SmsOutbox } from './outbox.ts';
import { OutboxSender } from './outbox-sender.ts';
import { ReplyHandler, type ReplyAction } from './replies.ts';
import { NOTIFICATION_KINDS, notificationsAfterCommit, notificationsAtStart, type DueNotification, type RuleContext } from './rules.ts';
import { openSmsDatabase } from './sms-database.ts';
import { smsText, type SmsMessage } from './templates.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Keys decided this long ago are remembered in memory; older visits are over and the UNIQUE key still guards them. */
const KNOWN_KEYS_WINDOW_MS = 3 * DAY;
/** No visit lasts longer: a number is forgotten this long after its row was written even if the visit never ended. */
const LONGEST_VISIT_MS = DAY;
const PURGE_EVERY_MS = HOUR;
const VISIT_ENDS = new Set<QueueEventType>(['entry.completed', 'entry.no-show', 'entry.cancelled']);
const CALLS = new Set<QueueEventType>(['entry.called']);

function entryIdsOf(events: readonly QueueEvent[], types: ReadonlySet<QueueEventType>): string[] {
  return events.flatMap((event) => (types.has(event.data.type) && 'entryId' in event.data ? [event.data.entryId] : []));
}

/** The only texts a number that said STOP still gets: the confirmation, and answers to HELP. */
const ANSWERS_AFTER_STOP: ReadonlySet<string> = new Set(['opted-out', 'help']);

export interface SmsNotifierOptions {
  engine: QueueEngine;
  /** What texts need of the site: its name, its first language and which services exist. */
  site: { name: string; languages: readonly string[]; services: readonly { id: string }[] };
  config: SmsConfig;
  /** Started and stopped by the notifier. */
  gateway: SmsGateway;
  /** The notifier's own SQLite file, e.g. `{data-dir}/{site}.sms.sqlite`. */
  dbPath: string;
  log: Logger;
  act: ReplyAction;
  now?: () => number;
}

export interface SmsNotifier {
  /** For the staff desk's alerts (the feed's `smsHealth`). */
  health(): SmsGatewayHealth;
  /** Forgets numbers and texts of visits that ended before `before`; returns how many texts were cleared. Runs hourly by itself. */
  purgeContacts(before: Date): Promise<number>;
  handleIncoming(sms: IncomingSms): Promise<void>;
  /** Resolves once everything decided so far is stored and every text due now has been tried. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmsNotifier(options: SmsNotifierOptions): Promise<SmsNotifier> {
  const { engine, site, config, gateway, log } = options;
  const now = options.now ?? Date.now;
  const unknown = unknownSmsServiceIds(config, site.services.map((s) => s.id));
  if (unknown.length > 0) throw new Error(`The SMS settings name services the site does not have: ${unknown.join(', ')}`);

  const db = await openSmsDatabase(options.dbPath);
  const outbox = new SmsOutbox(db);
  const optOuts = await OptOutList.load(db);
  const limiter = new AutoReplyLimiter(db);
  const known = new Set(await outbox.keysSince(now() - KNOWN_KEYS_WINDOW_MS));
  /** When texts failed for good: the last hour's count goes into the health detail. */
  let failures = await outbox.failuresSince(now() - HOUR);
  for (const row of await outbox.failInterrupted(now())) {
    failures.push(now());
    log.warn('SMS may not have been sent: the hub stopped while the gateway had it', { to: maskPhone(row.phone), key: row.key });
  }

  // Until the gateway says otherwise, it is usable once started.
  let gatewayHealth: GatewayHealth = { ok: false, message: `${gateway.description} is starting` };
  let healthReported = false;
  let healthSince = now();
  const setGatewayHealth = (health: GatewayHealth) => {
    healthReported = true;
    if (health.ok !== gatewayHealth.ok) healthSince = now();
    if (!health.ok && gatewayHealth.ok) log.warn('SMS gateway unavailable', { gateway: gateway.description, reason: maskPhonesIn(health.message) });
    gatewayHealth = health;
  };

  const sender = new OutboxSender({
    outbox,
    gateway,
    retry: { maxAttempts: config.maxAttempts, firstDelayMs: config.backoff.firstSeconds * 1000, maxDelayMs: config.backoff.maxSeconds * 1000 },
    now,
    refusal: (row) => (optOuts.has(row.phone) && !ANSWERS_AFTER_STOP.has(row.kind) ? 'the number opted out (STOP)' : null),
    onFailure: (row, reason, final) => {
      if (final) failures.push(now());
      log.warn(final ? 'SMS failed' : 'SMS failed; will try again', { to: maskPhone(row.phone), key: row.key, attempts: row.attempts, reason: maskPhonesIn(reason) });
    },
    onError: (error) => log.error('SMS outbox failed', { error: error.message }),
  });

  // Everything that touches the outbox runs one task at a time, in the order it came. A failed
  // task is logged here once; callers that wait for it see the error too.
  let work: Promise<void> = Promise.resolve();
  const queueWork = <T>(what: string, task: () => Promise<T>): Promise<T> => {
    const result = work.then(task);
    work = result.then(
      () => {},
      (error: Error) => log.error(`SMS notifier could not ${what}`, { error: error.message }),
    );
    return result;
  };
  const inBackground = (what: string, task: () => Promise<unknown>) => void queueWork(what, task).catch(() => {});

  const ruleContext: RuleContext = { config: engine.config, sms: config, known: (key) => known.has(key) };

  const store = async (due: DueNotification[]) => {
    for (const [index, notification] of due.entries()) {
      if (optOuts.has(notification.to)) {
        // Decided again at a later commit, in case the number says START meanwhile.
        known.delete(notification.key);
        continue;
      }
      const text = smsText(notification.message, notification.language, site.name);
      try {
        await outbox.enqueue({ key: notification.key, kind: notification.message.kind, entryId: notification.entryId, phone: notification.to, text }, now());
      } catch (error) {
        // Not stored: a later commit decides these again.
        for (const unstored of due.slice(index)) known.delete(unstored.key);
        throw error;
      }
    }
    sender.wake();
  };

  const decide = (due: DueNotification[]) => {
    // Known from this moment, so the next commit does not decide the same text while this one is stored.
    for (const notification of due) known.add(notification.key);
    return due;
  };

  const answer = async (to: string, message: SmsMessage, language: string, entryId: string | null) => {
    await outbox.enqueue({ key: `reply:${randomUUID()}`, kind: message.kind, entryId, phone: to, text: smsText(message, language, site.name) }, now());
    sender.wake();
  };

  const replies = new ReplyHandler({
    state: () => engine.state,
    optOuts,
    limiter,
    act: options.act,
    answer,
    cancelPendingTo: async (phone) => {
      await outbox.cancelPendingTo(phone, 'the number opted out (STOP)', now(), ['opted-out']);
    },
    helpText: (language) => config.helpText[language] ?? config.helpText[language.slice(0, 2)] ?? config.helpText.en ?? null,
    defaultCountry: config.defaultCountry,
    defaultLanguage: site.languages[0] ?? 'en',
    now,
    log,
  });

  let stopped = false;
  engine.onCommitted((events, state) => {
    if (stopped) return;
    let due: DueNotification[];
    try {
      // Decided now: the state keeps changing after this listener returns.
      due = decide(notificationsAfterCommit(events, state, ruleContext));
    } catch (error) {
      // Texts are not worth a failed commit: the line goes on without them.
      log.error('SMS notifier could not decide texts', { seq: events.at(-1)?.seq, error: (error as Error).message });
      return;
    }
    const ended = entryIdsOf(events, VISIT_ENDS);
    const called = entryIdsOf(events, CALLS);
    inBackground('store texts', async () => {
      // A text still waiting to be sent means nothing once the visit is over, or "you're next" once called.
      for (const entryId of ended) await outbox.cancelPendingFor(entryId, NOTIFICATION_KINDS, 'the visit ended', now());
      for (const entryId of called) await outbox.cancelPendingFor(entryId, ['next', 'transferred'], 'called meanwhile', now());
      await store(due);
    });
  });

  const purgeContacts = async (before: Date) => {
    const state = engine.state;
    for (const entryId of await outbox.entriesAwaitingVisitEnd()) {
      const entry = state.entries[entryId];
      // An entry the line no longer has is long over.
      if (!entry) await outbox.recordVisitEnd(entryId, 0);
      else if (entry.finishedAt !== null) await outbox.recordVisitEnd(entryId, entry.finishedAt);
    }
    const cleared = await outbox.forgetContacts(before.getTime(), Math.min(before.getTime(), now() - LONGEST_VISIT_MS));
    await limiter.forgetBefore(Math.min(before.getTime(), now() - DAY));
    if (cleared > 0) log.info('Phone numbers of finished visits forgotten', { texts: cleared });
    return cleared;
  };
  // Keys of long-finished visits leave memory too; should one be decided again, the outbox's UNIQUE key still drops it.
  const forgetOldKeys = async () => {
    const recent = await outbox.keysSince(now() - KNOWN_KEYS_WINDOW_MS);
    known.clear();
    for (const key of recent) known.add(key);
  };
  const upkeep = () => {
    inBackground('forget old numbers', () => purgeContacts(new Date(now() - config.retentionHours * HOUR)));
    inBackground('forget old keys', forgetOldKeys);
  };
  upkeep();
  const upkeepTimer = setInterval(upkeep, PURGE_EVERY_MS);
  upkeepTimer.unref();

  const handlers: GatewayHandlers = {
    onIncoming: (sms) => inBackground('answer a text', () => replies.handle(sms)),
    onDelivery: (report: DeliveryReport) =>
      inBackground('record a delivery report', async () => {
        const row = await outbox.recordDelivery(report.providerId, report.status, report.reason ?? null);
        if (row && (report.status === 'failed' || report.status === 'undelivered')) {
          failures.push(now());
          log.warn('SMS not delivered', { to: maskPhone(row.phone ?? ''), key: row.key, reason: maskPhonesIn(report.reason ?? report.status) });
        }
      }),
    onHealth: setGatewayHealth,
  };
  try {
    await gateway.start(handlers);
    if (!healthReported) setGatewayHealth({ ok: true, message: '' });
  } catch (error) {
    // The hub runs on without texts: staff see the alert, and texts wait in the outbox for their tries.
    log.error('SMS gateway could not start', { gateway: gateway.description, error: maskPhonesIn((error as Error).message) });
    setGatewayHealth({ ok: false, message: `${gateway.description} could not start: ${(error as Error).message}` });
  }
  log.info('SMS notifier started', { gateway: gateway.description });

  inBackground('catch up after a restart', () => store(decide(notificationsAtStart(engine.state, now(), ruleContext))));

  return {
    health() {
      const cutoff = now() - HOUR;
      failures = failures.filter((at) => at >= cutoff);
      const recent = failures.length;
      const detail = [gatewayHealth.message, recent > 0 ? `${recent} text${recent === 1 ? '' : 's'} failed in the last hour` : '']
        .filter(Boolean)
        .join('; ');
      return { connected: gatewayHealth.ok, since: new Date(healthSince).toISOString(), detail: detail || null, failedLastHour: recent };
    },
    purgeContacts: (before) => queueWork('forget old numbers', () => purgeContacts(before)),
    handleIncoming: (sms) => queueWork('answer a text', () => replies.handle(sms)),
    async flush() {
      // Sending can go on while new work arrives (a reply's command commits): wait until both are quiet.
      for (let seen = work; ; seen = work) {
        await seen;
        await sender.idle();
        if (seen === work) return;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(upkeepTimer);
      await work;
      await sender.stop();
      await gateway.stop();
      await closeDatabase(db);
    },
  };
}
