/**
 * The contact center's side of the hub, put together: its requests (REST and
 * upstream MQTT), the mirror of the event stream to its broker when the site
 * has one, and the webhooks. All three keep their cursors and answers in one
 * store, `{site}.mirror.sqlite`.
 */
import type { HubContext } from '../context.ts';
import type { QueueEngine } from '../engine/engine.ts';
import { secretFromEnv, type SiteConfig } from '../site/config.ts';
import type { EventLog } from '../store/event-log.ts';
import { ContactCenterCommands } from './contact-center-commands.ts';
import { MirrorStore } from './mirror-store.ts';
import { Mirror, type MirrorHealth } from './service.ts';
import { WebhookDelivery } from './webhooks.ts';

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
  /** For tests: faster webhook retries and mirror reconnects. */
  webhookBackoffMs?: number;
  mirrorReconnectMs?: number;
}

export interface ContactCenter {
  commands: ContactCenterCommands;
  mirror: Mirror | null;
  health(): MirrorHealth | null;
  close(): Promise<void>;
}

export async function startContactCenter(options: ContactCenterOptions): Promise<ContactCenter> {
  const { site, env, engine, log, context } = options;
  const store = await MirrorStore.open(options.storePath);
  const commands = new ContactCenterCommands(engine, store, site.callbacks, options.statusUrl, context.clock);
  const mirror = site.mirror
    ? await Mirror.start({
        siteId: site.siteId,
        url: site.mirror.url,
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
  const webhooks = site.webhooks.map(
    (hook) =>
      new WebhookDelivery(
        { id: hook.id, url: hook.url, secret: secretFromEnv(hook.secretEnv, env) },
        { siteId: site.siteId, log, engine, store, logger: context.logger, ...(options.webhookBackoffMs && { backoffMs: options.webhookBackoffMs }) },
      ),
  );
  for (const hook of webhooks) hook.kick(); // deliver whatever an earlier run left undelivered
  return {
    commands,
    mirror,
    health: () => mirror?.health() ?? null,
    async close() {
      for (const hook of webhooks) hook.close();
      await mirror?.close();
      await store.close();
    },
  };
}
