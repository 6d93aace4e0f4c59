/**
 * The contact center's side of the hub, put together: its requests (REST and
 * upstream MQTT), the mirror of the event stream to its broker when the site
 * has one, the webhooks, and the callback deadlines. The first three keep their cursors and answers in one
 * store, `{site}.mirror.sqlite`.
 */
import type { HubContext } from '../context.ts';
import type { QueueEngine } from '../engine/engine.ts';
import { secretFromEnv, type SiteConfig } from '../site/config.ts';
import type { EventLog } from '../store/event-log.ts';
import { CallbackDeadlines } from './callback-deadlines.ts';
import { ContactCenterCommands } from './contact-center-commands.ts';
import { MirrorStore } from './mirror-store.ts';
import { Mirror, type MirrorHealth } from './service.ts';
import { WEBHOOK_POLICY, WebhookDelivery, type WebhookHealth } from './webhooks.ts';

export interface ContactCenterOptions {
  site: SiteConfig;
  /** Where the secrets the site file names are looked up. */
  env: NodeJS.ProcessEnv;
  engine: QueueEngine;
  log: EventLog;
  storePath: string;
  /** A visit's status link (hub/wait), for callers who go on waiting remotely. */
  statusUrl: (entryId: string) => Promise<string>;
  context: HubContext;
  /** For tests: faster webhook retries (the first delay; it doubles up to 60 times it) and mirror reconnects. */
  webhookBackoffMs?: number;
  mirrorReconnectMs?: number;
  /** How often callback deadlines are checked (tests shorten it). */
  callbackCheckMs?: number;
}

export interface ContactCenter {
  commands: ContactCenterCommands;
  mirror: Mirror | null;
  health(): MirrorHealth | null;
  /** Each webhook's delivery, in the site file's order; empty when it has none. */
  webhookHealth(): WebhookHealth[];
  /** One callback deadline check now, at the clock's time, besides the timer's every callbackCheckMs. */
  checkCallbackDeadlines(): Promise<void>;
  close(): Promise<void>;
}

export async function startContactCenter(options: ContactCenterOptions): Promise<ContactCenter> {
  const { site, env, engine, log, context } = options;
  const store = await MirrorStore.open(options.storePath);
  const commands = new ContactCenterCommands(engine, store, options.statusUrl, context.clock);
  const deadlines = new CallbackDeadlines(engine, context, options.callbackCheckMs);
  deadlines.start();
  const mirror = site.mirror
    ? await Mirror.start({
        siteId: site.siteId,
        siteName: site.name,
        languages: site.languages,
        url: site.mirror.url,
        ...(site.mirror.failoverUrls && { failoverUrls: site.mirror.failoverUrls }),
        clientId: site.mirror.clientId ?? `lobbyline-${site.siteId}`,
        ...(site.mirror.username && { username: site.mirror.username }),
        ...(site.mirror.passwordEnv && { password: secretFromEnv(site.mirror.passwordEnv, env) }),
        ...(site.mirror.caFile && { caFile: site.mirror.caFile }),
        rejectUnauthorized: site.mirror.rejectUnauthorized,
        ...(options.mirrorReconnectMs && { reconnectPeriodMs: options.mirrorReconnectMs }),
        log,
        engine,
        store,
        commands,
        logger: context.logger,
      })
    : null;
  const retries = options.webhookBackoffMs && {
    firstRetryMs: options.webhookBackoffMs,
    maxRetryMs: options.webhookBackoffMs * (WEBHOOK_POLICY.maxRetryMs / WEBHOOK_POLICY.firstRetryMs),
  };
  const webhooks = await Promise.all(
    site.webhooks.map((hook) =>
      WebhookDelivery.start(
        { id: hook.id, url: hook.url, secret: secretFromEnv(hook.secretEnv, env) },
        { siteId: site.siteId, log, engine, store, logger: context.logger, ...retries },
      ),
    ),
  );
  return {
    commands,
    mirror,
    health: () => mirror?.health() ?? null,
    webhookHealth: () => webhooks.map((hook) => hook.health()),
    checkCallbackDeadlines: () => deadlines.runOnce(),
    async close() {
      await deadlines.stop();
      for (const hook of webhooks) hook.close();
      await mirror?.close();
      await store.close();
    },
  };
}
