/**
 * The site file (YAML or JSON): services, counters, priority policy, devices
 * and API keys. Validated in full at start-up, with messages that name the
 * field and its line, so a mistake is found before the hub serves anyone.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import { smsConfigSchema } from '../sms/config.ts';
import { voiceConfigSchema } from '../voice/config.ts';
import { DEFAULT_CONTACT_RETENTION_HOURS } from '../queue/commands/purge-contacts.ts';
import { DEFAULT_UNDO_MINUTES } from '../queue/commands/undo.ts';
import { DEFAULT_VOICEMAIL_RETURN_MINUTES } from '../queue/voicemail.ts';
import { idField, timeZoneField } from '../contract/fields.ts';
import type { QueueConfig } from '../queue/index.ts';
import { COUNTER_BOARDS, deviceProfileProblems } from '../../hardware/index.ts';
import { API_SCOPES, DEVICE_ROLES } from '../contract/roles.ts';
import { staffAccountConfigSchema } from '../contract/staff-account-config.ts';

const id = idField;


const absolutePath = z.string().refine((path) => isAbsolute(path), 'must be an absolute path on the hub, such as /etc/lobbyline/tls/hub.crt');

function isAddressOrRange(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const version = isIP(address ?? '');
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * The address people's phones open: an http(s) origin, optionally with a path
 * a reverse proxy serves the hub under; every link a person receives starts with it.
 */
export const publicUrlField = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, such as https://wait.example.org' })
  .refine((url) => !/[?#]/.test(url), 'must be an address without ? or #, such as https://wait.example.org');

const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a language code such as es');
/** A name per language, with at least the English one, which is the default. */
const languageNames = z.record(languageCode, z.string().min(1)).refine((n) => 'en' in n, 'needs at least an English name (en)');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, e.g. LOBBYLINE_MIRROR_PASSWORD');
const mirrorUrl = z.string().regex(/^(mqtts?|wss?):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL');


const usbId = z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, 'must be a USB id as lsusb prints it: vendor:product in hex, e.g. 04b8:0e15');

/** A kiosk's receipt printer: a model from hardware/printers.ts and how it is plugged in. */
const kioskPrinterSchema = z.strictObject({
  profile: z.string().min(1),
  connection: z.enum(['usb', 'serial', 'tcp']).default('usb'),
  /** Only for a printer that reports other ids than its profile lists. */
  usbId: usbId.optional(),
  host: z.string().min(1).optional(),
  port: z.int().min(1).max(65535).optional(),
  baudRate: z.int().positive().optional(),
});

/** A kiosk's barcode scanner: a model from hardware/scanners.ts and the mode it is set to. */
const kioskScannerSchema = z.strictObject({
  profile: z.string().min(1),
  mode: z.enum(['hid-pos', 'keyboard', 'serial']).default('hid-pos'),
  usbId: usbId.optional(),
  baudRate: z.int().positive().optional(),
});

/** What a lobby screen shows: the display app's address parameters (display/README.md). */
const displayOptionsSchema = z.strictObject({
  layout: z.enum(['landscape', 'portrait']).optional(),
  serviceIds: z.array(id).min(1).optional(),
  counterIds: z.array(id).min(1).optional(),
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).optional(),
  /** One counter's current ticket, for a small screen above a desk. */
  singleCounter: id.optional(),
});

const deviceSchema = z.strictObject({
  id,
  role: z.enum(DEVICE_ROLES),
  /** Written by `npm run provision`, which keeps the password itself in a secrets file outside the repository. */
  secretHash: z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing: `npm run provision -- --site FILE` makes the device a password and writes its hash here' : undefined) })
    .regex(/^(scrypt\$|sha256\$[A-Za-z0-9+/]{43}=$)/, 'must be a hash made by `npm run provision` or `npm run hash-secret -- --device`, never a plain password'),
  counterId: id.optional(),
  name: z.string().optional(),
  printer: kioskPrinterSchema.optional(),
  scanner: kioskScannerSchema.optional(),
  display: displayOptionsSchema.optional(),
  /** An ESPHome counter device: the board, and whether it also drives an LED display of the counter's ticket. */
  board: z.enum(COUNTER_BOARDS).optional(),
  ledDisplay: z.enum(['none', 'max7219', 'tm1637']).optional(),
});

export const siteConfigSchema = z
  .strictObject({
    siteId: id,
    name: z.string().min(1),
    timezone: timeZoneField,
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).default(['en', 'es']),
    /**
     * The one address phones reach the hub at (e.g. https://wait.example.org or http://192.168.1.20:8080):
     * the entrance poster, every ticket's QR code, the kiosk screen and texts link to it. Default the hub's own.
     */
    publicUrl: publicUrlField.optional(),
    /** When counters usually open, in the site's time zone: said to people who join while none is open yet. */
    hours: z.strictObject({ opens: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 08:00') }).optional(),
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
    counters: z
      .array(
        z
          .strictObject({
            id,
            /** One name for every language, or one per language like a service's: {en: Counter 1, es: Ventanilla 1}. */
            name: z.union([z.string().min(1), languageNames]),
            /** The name in other languages, e.g. {"es": "Ventanilla 1"}: spoken and texted in the person's language. */
            names: z.record(languageCode, z.string().min(1)).optional(),
            serviceIds: z.array(id).min(1),
          })
          // The queue keeps a default name (English) and its translations, whichever way the file gives them.
          .transform(({ id: counterId, name, names, serviceIds }) =>
            typeof name === 'string'
              ? { id: counterId, name, ...(names && { names }), serviceIds }
              : { id: counterId, name: name.en!, names: { ...name, ...names }, serviceIds },
          ),
      )
      .min(1),
    priority: z
      .strictObject({
        mode: z.enum(['strict', 'weighted']).default('weighted'),
        weights: z.record(z.string().regex(/^\d$/), z.int().positive()).default({ '0': 2, '1': 1 }),
        maxPassOvers: z.int().positive().default(3),
        maxPassOverMinutes: z.number().positive().nullable().default(null),
        /** What a kiosk may enrol with; a person who needs more is given it by staff. */
        kioskClasses: z.array(z.int().min(0).max(9)).min(1).default([0]),
      })
      .prefault({}),
    appointments: z.strictObject({ toleranceMinutes: z.number().min(0).default(10) }).prefault({}),
    /** Staff may undo a no-show, done or cancel for this long after it (0: never); beyond an hour it would undo another day's line. */
    undo: z.strictObject({ windowMinutes: z.number().min(0).max(60).default(DEFAULT_UNDO_MINUTES) }).prefault({}),
    devices: z.array(deviceSchema).default([]),
    apiKeys: z
      .array(
        z.strictObject({
          id,
          secretHash: z
            .string()
            .regex(/^(scrypt\$|sha256\$[A-Za-z0-9+/]{43}=$)/, 'must be a hash made by `npm run hash-secret -- --api-key` (sha256$…) or an older scrypt$… one, never the key itself'),
          /** What the key may be used for (hub/access/api-scopes.ts). A key from before scopes existed keeps them all. */
          scopes: z.array(z.enum(API_SCOPES)).min(1).default([...API_SCOPES]),
        }),
      )
      .default([]),
    /** People who sign in to the staff desk. Managers may add more; those are kept in the data dir. */
    staff: z
      .array(staffAccountConfigSchema)
      .default([]),
    mqtt: z.strictObject({ anonymousPublicRead: z.boolean().default(true) }).prefault({}),
    /**
     * HTTPS and MQTT over TLS on the hub's own ports (hub/http/tls.ts): PEM files on the hub, read again when renewed.
     * caFile is the CA that devices must trust, copied to them by provisioning; leave it out for a publicly trusted certificate.
     */
    tls: z.strictObject({ certFile: absolutePath, keyFile: absolutePath, caFile: absolutePath.optional() }).optional(),
    /** Reverse proxies in front of the hub (addresses or CIDR ranges): only from these are X-Forwarded-For and -Proto believed. */
    trustedProxies: z.array(z.string().refine(isAddressOrRange, 'must be an IP address or a CIDR range such as 10.0.0.0/8')).optional(),
    /** The contact-center mirror: an MQTT client to an upstream broker. Secrets are named, not inlined. */
    mirror: z
      .strictObject({
        url: mirrorUrl,
        /** Other nodes of the same broker cluster, tried in turn after the url when the connection is lost. */
        failoverUrls: z.array(mirrorUrl).max(8).optional(),
        username: z.string().optional(),
        passwordEnv: envName.optional(),
        clientId: id.optional(),
        caFile: z.string().optional(),
        rejectUnauthorized: z.boolean().default(true),
      })
      .optional(),
    /** Phone callers' callbacks: how long the contact center has to report an outcome, and what an unanswered one does. */
    callbacks: z
      .strictObject({
        /** No outcome this long after the callback was asked for: the hub records 'timed-out' and applies noAnswer itself. */
        answerMinutes: z.number().positive().default(10),
        /** After an unanswered attempt, the caller is not called again sooner than this (they keep their place meanwhile). */
        retryMinutes: z.number().min(0).default(5),
        noAnswer: z.enum(['requeue', 'no-show']).default('requeue'),
        requeuePosition: z.int().min(1).default(3),
        maxCallbackAttempts: z.int().min(1).default(2),
        /** A voicemail is due to be returned this many minutes after it was left (shown at the desk and to the contact center). */
        voicemailReturnMinutes: z.int().min(1).max(7 * 24 * 60).default(DEFAULT_VOICEMAIL_RETURN_MINUTES),
      })
      .prefault({}),
    /** People waiting away from the lobby, joined by QR code or from the kiosk ticket's link. */
    remoteWait: z
      .strictObject({
        /** Older name of the top-level publicUrl, still read. */
        publicUrl: publicUrlField.optional(),
        moreTimePlaces: z.int().min(1).default(3),
        maxMoreTime: z.int().min(0).default(2),
        maxRemotePerService: z.int().min(0).default(100),
        /** Joins from one address, and from everyone, per window: beyond them a join is refused with the time to wait. */
        joinsPerClient: z.int().min(1).default(5),
        joinsPerSite: z.int().min(1).default(300),
        joinWindowMinutes: z.number().positive().default(10),
        /** Staff may mark a called remote waiter no-show after this long. */
        noShowGraceMinutes: z.number().min(0).default(10),
        /** A status link keeps working this long after the visit ends, then it is forgotten. */
        linkHoursAfterVisit: z.number().min(0).default(2),
      })
      .prefault({}),
    /** Outgoing webhooks for entry events, signed with HMAC-SHA256 using the secret in the named variable. */
    webhooks: z.array(z.strictObject({ id, url: z.url(), secretEnv: envName })).default([]),
    /** Text messages: "you're next", "go to counter 3", replies. Without it nobody is texted. */
    sms: smsConfigSchema.optional(),
    /** Joining a line by calling the site's Twilio number: a keypad menu of languages and services. */
    voice: voiceConfigSchema.optional(),
  })
  .superRefine((site, ctx) => {
    // Each repeat is reported where it stands, so the line number in the message leads to it.
    const reportRepeats = (entries: readonly (readonly [readonly PropertyKey[], string])[], what: string) => {
      const seen = new Set<string>();
      for (const [path, value] of entries) {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [...path], message: `'${value}' is used twice (${what})` });
        seen.add(value);
      }
    };
    reportRepeats(site.services.map((s, i) => [['services', i, 'id'], s.id] as const), 'service ids');
    reportRepeats(site.services.map((s, i) => [['services', i, 'prefix'], s.prefix] as const), 'ticket prefixes');
    reportRepeats(site.counters.map((c, i) => [['counters', i, 'id'], c.id] as const), 'counter ids');
    reportRepeats(
      [...site.devices.map((d, i) => [['devices', i, 'id'], d.id] as const), ...site.apiKeys.map((k, i) => [['apiKeys', i, 'id'], k.id] as const)],
      'device and API key ids',
    );
    if (site.publicUrl && site.remoteWait.publicUrl && site.publicUrl !== site.remoteWait.publicUrl) {
      ctx.addIssue({ code: 'custom', path: ['remoteWait', 'publicUrl'], message: `says ${site.remoteWait.publicUrl} but publicUrl says ${site.publicUrl}: keep only the top-level publicUrl` });
    }
    reportRepeats(site.webhooks.map((w, i) => [['webhooks', i, 'id'], w.id] as const), 'webhook ids');
    reportRepeats(site.staff.map((s, i) => [['staff', i, 'id'], s.id.toLowerCase()] as const), 'staff ids, in any case');

    const serviceIds = new Set(site.services.map((s) => s.id));
    site.counters.forEach((counter, i) => {
      counter.serviceIds.forEach((serviceId, j) => {
        if (!serviceIds.has(serviceId)) {
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'serviceIds', j], message: `counter '${counter.id}' serves unknown service '${serviceId}'` });
        }
      });
    });
    site.voice?.serviceIds?.forEach((serviceId, i) => {
      if (!serviceIds.has(serviceId)) ctx.addIssue({ code: 'custom', path: ['voice', 'serviceIds', i], message: `the phone menu offers unknown service '${serviceId}'` });
    });
    const counterIds = new Set(site.counters.map((c) => c.id));
    site.devices.forEach((device, i) => {
      const problem = (field: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path: ['devices', i, ...field], message });
      if (device.role === 'counter' && !(device.counterId && counterIds.has(device.counterId))) {
        problem(['counterId'], `counter button '${device.id}' needs the id of a known counter`);
      }
      if ((device.printer || device.scanner) && device.role !== 'kiosk') problem([device.printer ? 'printer' : 'scanner'], `only kiosks have printers and scanners, not '${device.id}' (${device.role})`);
      if (device.display && device.role !== 'display') problem(['display'], `only displays have display options, not '${device.id}' (${device.role})`);
      if ((device.board || device.ledDisplay) && device.role !== 'counter') problem([device.board ? 'board' : 'ledDisplay'], `only counter devices have a board and LED display, not '${device.id}' (${device.role})`);
      for (const found of deviceProfileProblems(device)) problem(found.field, found.message);
      const shown = device.display;
      shown?.serviceIds?.forEach((serviceId, j) => {
        if (!serviceIds.has(serviceId)) problem(['display', 'serviceIds', j], `display '${device.id}' shows unknown service '${serviceId}'`);
      });
      shown?.counterIds?.forEach((counterId, j) => {
        if (!counterIds.has(counterId)) problem(['display', 'counterIds', j], `display '${device.id}' shows unknown counter '${counterId}'`);
      });
      if (shown?.singleCounter && !counterIds.has(shown.singleCounter)) {
        problem(['display', 'singleCounter'], `display '${device.id}' shows unknown counter '${shown.singleCounter}'`);
      }
    });
  });

export type SiteConfig = z.infer<typeof siteConfigSchema>;
export type DeviceConfig = SiteConfig['devices'][number];

/** The site's public address for phones, without a trailing slash; null when the site file gives none (the hub's own address is used). */
export function sitePublicUrl(site: Pick<SiteConfig, 'publicUrl' | 'remoteWait'>): string | null {
  return (site.publicUrl ?? site.remoteWait.publicUrl)?.replace(/\/+$/, '') ?? null;
}

export class SiteConfigError extends Error {}

/** Where a field stands in the file, as "line 12, column 7"; null when it is not known. */
export type LocateField = (path: readonly PropertyKey[]) => string | null;

/** Parses and checks a site; throws one error listing every problem with its field (and its line, when known). */
export function parseSiteConfig(raw: unknown, source = 'site config', locate: LocateField = () => null): SiteConfig {
  const parsed = siteConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = locate(issue.path);
    const message = issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'is missing (expected $1)');
    return `  - ${where ? `${where}: ` : ''}${issue.path.join('.') || '(top level)'}: ${message}`;
  });
  throw new SiteConfigError(`${source} is not valid:\n${problems.join('\n')}`);
}

/**
 * A site file's text, YAML or JSON. JSON is read by the YAML parser too, so
 * that every problem in either is reported with its line and column.
 */
export function parseSiteText(text: string, source: string): SiteConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const at = lineCounter.linePos(error.pos[0]);
      return `  - line ${at.line}, column ${at.col}: ${error.message.split('\n')[0]}`;
    });
    throw new SiteConfigError(`${source} is not valid YAML or JSON:\n${problems.join('\n')}`);
  }
  return parseSiteConfig(document.toJS(), source, (path) => {
    const offset = fieldOffset(document.contents, path);
    if (offset === null) return null;
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  });
}

/** The start of the deepest node on `path` that the document has: a missing key is reported where its parent is. */
function fieldOffset(root: unknown, path: readonly PropertyKey[]): number | null {
  let node = root;
  let offset = isNode(root) ? (root.range?.[0] ?? null) : null;
  for (const key of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
      if (!pair) break;
      next = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (!isNode(next) || !next.range) break;
    node = next;
    offset = next.range[0];
  }
  return offset;
}

export async function loadSiteConfig(path: string): Promise<SiteConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SiteConfigError(`Cannot read site file ${path}: ${(error as Error).message}`);
  }
  return parseSiteText(text, `Site file ${path}`);
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
    remoteWait: site.remoteWait,
    undoMinutes: site.undo.windowMinutes,
    ...(site.hours && { hours: site.hours }),
    contactRetentionHours: site.sms?.retentionHours ?? DEFAULT_CONTACT_RETENTION_HOURS,
    callbacks: site.callbacks,
  };
}

/** A secret the site file names by environment variable; missing is a start-up error that says which. */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new SiteConfigError(`The site file refers to the secret ${name}, but that environment variable is not set`);
  return value;
}
