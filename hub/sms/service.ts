/**
 * The SMS notifier, wired from its parts: after each commit it decides which
 * texts are due and stores them (./notifications.ts), has them sent through
 * the outbox (./sending.ts), answers replies and joins those who text a
 * service's keyword (./replies.ts, ./join-by-text.ts), forgets numbers
 * when ContactRetention asks (./forget-contacts.ts) and reports its health
 * for the staff desk (./sms-health.ts). It schedules nothing of its own.
 * Numbers in logs are always masked; texts are never logged.
 */
import type { HubContext } from '../context.ts';
import type { SmsGatewayHealth } from '../contract/desk.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import { closeDatabase } from '../store/sqlite.ts';
import { AutoReplyLimiter } from './auto-replies.ts';
import { helpTextIn, unknownSmsServiceIds, type SmsConfig } from './config.ts';
import { forgetContacts } from './forget-contacts.ts';
import type { GatewayHandlers, IncomingSms, SmsGateway } from './gateway.ts';
import { maskPhonesIn } from './mask-phone.ts';
import { LineNotifications } from './notifications.ts';
import type { TextJoin } from './join-by-text.ts';
import { joinKeywords } from './join-keywords.ts';
import { OptOutList } from './opt-outs.ts';
import { SmsOutbox } from './outbox.ts';
import { ReplyHandler, type ReplyAction } from './replies.ts';
import { serviceNameFor } from './rules.ts';
import { SmsSending } from './sending.ts';
import { SerialWork } from './serial-work.ts';
import { SmsHealth } from './sms-health.ts';
import { openSmsDatabase } from './sms-database.ts';

export interface SmsNotifierOptions {
  engine: QueueEngine;
  /** What texts need of the site: its name, its first language and which services exist. */
  site: { name: string; languages: readonly string[]; services: readonly { id: string; name: Record<string, string> }[] };
  config: SmsConfig;
  /** Started and stopped by the notifier. */
  gateway: SmsGateway;
  /** The notifier's own SQLite file, e.g. `{data-dir}/{site}.sms.sqlite`. */
  dbPath: string;
  act: ReplyAction;
  /** Joins a line for a service keyword texted in (./join-by-text.ts); without it keywords join nothing. */
  join?: TextJoin;
  /** An entry's status link on the site's public address (hub/wait/service.ts), for the texts that carry one. */
  statusUrl?: (entryId: string) => Promise<string>;
  context: HubContext;
}

export interface SmsNotifier {
  /** For the staff desk's alerts (the feed's `smsHealth`). */
  health(): SmsGatewayHealth;
  /** Forgets numbers and texts of visits that ended before `before`; returns how many texts were cleared. ContactRetention calls it. */
  purgeContacts(before: Date): Promise<number>;
  handleIncoming(sms: IncomingSms): Promise<void>;
  /** Resolves once everything decided so far is stored and every text due now has been tried. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmsNotifier(options: SmsNotifierOptions): Promise<SmsNotifier> {
  const { engine, site, config, gateway, context } = options;
  const { clock, logger: log } = context;
  const unknown = unknownSmsServiceIds(config, site.services.map((s) => s.id));
  if (unknown.length > 0) throw new Error(`The SMS settings name services the site does not have: ${unknown.join(', ')}`);

  const db = await openSmsDatabase(options.dbPath);
  const outbox = new SmsOutbox(db);
  const optOuts = await OptOutList.load(db);
  const limiter = new AutoReplyLimiter(db);
  const work = new SerialWork(log);
  const health = await SmsHealth.load(outbox, { gateway: gateway.description, clock, log });
  const sending = await SmsSending.start({ outbox, gateway, config, optOuts, health, site: { name: site.name, timeZone: engine.config.timezone }, ...(options.statusUrl && { statusUrl: options.statusUrl }), context });
  const notifications = await LineNotifications.load({ outbox, sending, optOuts, work, queue: engine.config, sms: config, clock, log });
  const replies = new ReplyHandler({
    state: () => engine.state,
    optOuts,
    limiter,
    act: options.act,
    answer: (to, message, language, entryId) => sending.answer(to, message, language, entryId),
    cancelPendingTo: (phone) => sending.cancelPendingTo(phone),
    helpText: (language) => helpTextIn(config, language),
    ...(options.join && {
      join: options.join,
      joinKeywords: joinKeywords(config, site.services, site.languages),
      serviceName: (serviceId: string, language: string) => serviceNameFor({ config: engine.config, sms: config }, serviceId, language),
    }),
    defaultCountry: config.defaultCountry,
    defaultLanguage: site.languages[0] ?? 'en',
    now: clock,
    log,
  });

  let stopped = false;
  engine.onCommitted((events, state) => {
    if (!stopped) notifications.afterCommit(events, state);
  });
  await startGateway(gateway, health, log, {
    onIncoming: (sms) => work.inBackground('answer a text', () => replies.handle(sms)),
    onDelivery: (report) => work.inBackground('record a delivery report', () => sending.recordDelivery(report)),
    onHealth: (report) => health.gatewayReported(report),
  });
  log.info('SMS notifier started', { gateway: gateway.description });
  notifications.catchUp(engine.state);

  return {
    health: () => health.current(),
    purgeContacts: (before) =>
      work.run('forget old numbers', async () => {
        const cleared = await forgetContacts({ outbox, limiter, state: engine.state, now: clock(), log }, before.getTime());
        await notifications.forgetOldKeys();
        return cleared;
      }),
    handleIncoming: (sms) => work.run('answer a text', () => replies.handle(sms)),
    // Sending can go on while new work arrives (a reply's command commits): wait until both are quiet.
    flush: () => work.quietWith(() => sending.idle()),
    async stop() {
      stopped = true;
      await work.idle();
      await sending.stop();
      await gateway.stop();
      await closeDatabase(db);
    },
  };
}

/** A gateway that cannot start leaves the hub running without texts: staff see the alert, and texts wait in the outbox for their tries. */
async function startGateway(gateway: SmsGateway, health: SmsHealth, log: Logger, handlers: GatewayHandlers): Promise<void> {
  try {
    await gateway.start(handlers);
    health.gatewayStarted();
  } catch (error) {
    log.error('SMS gateway could not start', { gateway: gateway.description, error: maskPhonesIn((error as Error).message) });
    health.gatewayReported({ ok: false, message: `${gateway.description} could not start: ${(error as Error).message}` });
  }
}
