/** Joining by phone, put together from the site file: the menu and what its webhooks are checked with. */
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { JoinLimiter } from '../sms/join-by-text.ts';
import type { VoiceConfig } from './config.ts';
import { PhoneMenu } from './phone-menu.ts';
import type { VoiceRoutesOptions } from './routes.ts';

/** Phone numbers typed on the keypad without a country code are read as this country's unless the SMS settings say otherwise. */
const DEFAULT_PHONE_COUNTRY = 'US';

export interface PhoneMenuDeps {
  engine: QueueEngine;
  /** What the menu needs of the site file. */
  site: { languages: readonly string[]; services: readonly { id: string }[]; sms?: { defaultCountry: string } | undefined };
  /** From the environment variable the site file names. */
  authToken: string;
  limits: JoinLimiter;
  log: Logger;
}

export function phoneMenuRoutes(config: VoiceConfig, { engine, site, authToken, limits, log }: PhoneMenuDeps): VoiceRoutesOptions {
  const menu = new PhoneMenu({
    engine,
    languages: site.languages,
    serviceIds: config.serviceIds ?? site.services.map((service) => service.id),
    webhookBaseUrl: config.webhookBaseUrl,
    defaultCountry: site.sms?.defaultCountry ?? DEFAULT_PHONE_COUNTRY,
    limits,
    log,
  });
  return { menu, authToken, webhookBaseUrl: config.webhookBaseUrl, log };
}
