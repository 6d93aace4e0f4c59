/**
 * The site file: services, counters, priority policy, devices and API keys.
 * Validated in full at start-up, with messages that name the field, so a
 * mistake is found before the hub serves anyone.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { idField } from '../contract/fields.ts';
import type { QueueConfig } from '../queue/index.ts';

const id = idField;
const secretHash = z.string().regex(/^scrypt\$/, 'must be a scrypt hash made by `npm run hash-secret`, never a plain password');

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/New_York');

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, e.g. LOBBYLINE_MIRROR_PASSWORD');

export const ROLES = ['kiosk', 'display', 'counter', 'desk', 'mirror'] as const;
export const STAFF_ROLES = ['staff', 'manager'] as const;

export const siteConfigSchema = z
  .strictObject({
    siteId: id,
    name: z.string().min(1),
    timezone,
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).default(['en', 'es']),
    services: z
      .array(
        z.strictObject({
          id,
          prefix: z.string().regex(/^[A-Z]{1,3}$/, 'must be 1-3 capital letters'),
          name: z.record(z.string(), z.string().min(1)).refine((n) => 'en' in n, 'needs at least an English name (en)'),
          expectedServiceMinutes: z.number().positive().default(5),
          maxWaiting: z.int().positive().default(300),
        }),
      )
      .min(1),
    counters: z.array(z.strictObject({ id, name: z.string().min(1), serviceIds: z.array(id).min(1) })).min(1),
    priority: z
      .strictObject({
        mode: z.enum(['strict', 'weighted']).default('weighted'),
        weights: z.record(z.string().regex(/^\d$/), z.int().positive()).default({ '0': 2, '1': 1 }),
        maxPassOvers: z.int().positive().default(3),
        maxPassOverMinutes: z.number().positive().nullable().default(null),
      })
      .prefault({}),
    appointments: z.strictObject({ toleranceMinutes: z.number().min(0).default(10) }).prefault({}),
    devices: z
      .array(z.strictObject({ id, role: z.enum(ROLES), secretHash, counterId: id.optional(), name: z.string().optional() }))
      .default([]),
    apiKeys: z.array(z.strictObject({ id, secretHash })).default([]),
    /** People who sign in to the staff desk. Managers may add more; those are kept in the data dir. */
    staff: z
      .array(z.strictObject({ id, name: z.string().min(1).max(80), role: z.enum(STAFF_ROLES), passwordHash: secretHash }))
      .default([]),
    mqtt: z.strictObject({ anonymousPublicRead: z.boolean().default(true) }).prefault({}),
    /** The contact-center mirror: an MQTT client to an upstream broker. Secrets are named, not inlined. */
    mirror: z
      .strictObject({
        url: z.string().regex(/^(mqtts?|wss?):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
        username: z.string().optional(),
        passwordEnv: envName.optional(),
        clientId: id.optional(),
        caFile: z.string().optional(),
        rejectUnauthorized: z.boolean().default(true),
      })
      .optional(),
    /** Phone callers' callbacks that nobody answered: back into the line near the front, or a no-show. */
    callbacks: z
      .strictObject({
        noAnswer: z.enum(['requeue', 'no-show']).default('requeue'),
        requeuePosition: z.int().min(1).default(3),
        maxCallbackAttempts: z.int().min(1).default(2),
      })
      .prefault({}),
    /** Outgoing webhooks for entry events, signed with HMAC-SHA256 using the secret in the named variable. */
    webhooks: z.array(z.strictObject({ id, url: z.url(), secretEnv: envName })).default([]),
  })
  .superRefine((site, ctx) => {
    const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);
    for (const [path, values] of [
      ['services', site.services.map((s) => s.id)],
      ['services (prefix)', site.services.map((s) => s.prefix)],
      ['counters', site.counters.map((c) => c.id)],
      ['devices', [...site.devices.map((d) => d.id), ...site.apiKeys.map((k) => k.id)]],
      ['webhooks', site.webhooks.map((w) => w.id)],
      ['staff', site.staff.map((s) => s.id.toLowerCase())],
    ] as const) {
      for (const dup of new Set(duplicates(values))) ctx.addIssue({ code: 'custom', path: [path], message: `'${dup}' is used twice` });
    }
    const serviceIds = new Set(site.services.map((s) => s.id));
    site.counters.forEach((counter, i) => {
      for (const serviceId of counter.serviceIds) {
        if (!serviceIds.has(serviceId)) {
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'serviceIds'], message: `counter '${counter.id}' serves unknown service '${serviceId}'` });
        }
      }
    });
    const counterIds = new Set(site.counters.map((c) => c.id));
    site.devices.forEach((device, i) => {
      if (device.role === 'counter' && !(device.counterId && counterIds.has(device.counterId))) {
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'counterId'], message: `counter button '${device.id}' needs the id of a known counter` });
      }
    });
  });

export type SiteConfig = z.infer<typeof siteConfigSchema>;
export type DeviceConfig = SiteConfig['devices'][number];

export class SiteConfigError extends Error {}

/** Parses and checks a site; throws one error listing every problem with its field. */
export function parseSiteConfig(raw: unknown, source = 'site config'): SiteConfig {
  const parsed = siteConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new SiteConfigError(`${source} is not valid:\n${problems.join('\n')}`);
}

export async function loadSiteConfig(path: string): Promise<SiteConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SiteConfigError(`Cannot read site file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SiteConfigError(`Site file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSiteConfig(raw, `Site file ${path}`);
}

/** The part of the site the queue domain obeys. */
export function queueConfigOf(site: SiteConfig): QueueConfig {
  return {
    siteId: site.siteId,
    timezone: site.timezone,
    services: site.services,
    counters: site.counters,
    priority: site.priority,
    appointments: site.appointments,
  };
}

/** A secret the site file names by environment variable; missing is a start-up error that says which. */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new SiteConfigError(`The site file refers to the secret ${name}, but that environment variable is not set`);
  return value;
}
