/**
 * The kiosk agent's configuration file (JSON): which hub, which device it
 * is, where the printer and scanner are plugged in and what the printer can
 * do. Every field but the hub and device has a default; with no file at all
 * the agent runs the demo: the demo site's kiosk-1 on this machine, with a
 * virtual printer and a scanner you type into.
 *
 * The device password comes from LOBBYLINE_KIOSK_PASSWORD or the file. Over
 * TLS (an mqtts:// URL), hub.caFile names the CA the hub's certificate is
 * checked against.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import * as z from 'zod';
import { idField } from '../../hub/contract/index.ts';
import { DEFAULT_PRINTER_PROFILE, printerProfileSchema } from '../../hardware/printer-profile.ts';
import { DEFAULT_APPOINTMENT_PATTERN } from './scanner/scan-meaning.ts';
import { VIRTUAL_PRINTER_CONDITIONS } from './virtual/virtual-printer.ts';

export class AgentConfigError extends Error {}

/** USB ids as numbers or as the hex lsusb prints ("0c2e"). */
const usbId = z.union([z.int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{4}$/, 'must be a 4-digit hex USB id such as 0c2e').transform((hex) => parseInt(hex.replace(/^0x/, ''), 16))]);
const devicePath = z.string().regex(/^\/dev\/\S+$/, 'must be a device path such as /dev/ttyUSB0');

const printerConnection = z.discriminatedUnion('connection', [
  z.strictObject({ connection: z.literal('serial'), path: devicePath, baudRate: z.int().positive().default(19200) }),
  z.strictObject({ connection: z.literal('usb'), path: devicePath }),
  z.strictObject({ connection: z.literal('tcp'), host: z.string().min(1), port: z.int().min(1).max(65535).default(9100) }),
  z.strictObject({
    connection: z.literal('virtual'),
    /** Where tickets are written as text: "-" for the terminal, or a file. */
    output: z.string().min(1).default('-'),
    condition: z.enum(VIRTUAL_PRINTER_CONDITIONS).default('ready'),
  }),
]);

const scannerConnection = z.discriminatedUnion('connection', [
  z.strictObject({ connection: z.literal('serial'), path: devicePath, baudRate: z.int().positive().default(9600) }),
  z.strictObject({ connection: z.literal('hid-pos'), vendorId: usbId, productId: usbId }),
  z.strictObject({ connection: z.literal('keyboard'), vendorId: usbId, productId: usbId, reportId: z.int().min(1).max(255).optional() }),
  /** Codes typed on the terminal, one per line. */
  z.strictObject({ connection: z.literal('virtual') }),
  z.strictObject({ connection: z.literal('none') }),
]);

const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

export const agentConfigSchema = z
  .strictObject({
    hub: z
      .strictObject({
        mqttUrl: z.url({ protocol: /^(mqtts?|wss?|tcp)$/, error: 'must be an MQTT URL such as mqtt://hub.local:1883' }),
        siteId: idField,
        /** The site CA's certificate (PEM file) that the hub's TLS certificate is checked against; without it, the system's trusted CAs. */
        caFile: z.string().min(1).optional(),
      })
      .refine((hub) => !hub.caFile || /^(mqtts|wss):/.test(hub.mqttUrl), { path: ['caFile'], message: 'is only for a hub reached over TLS: an mqtts:// or wss:// URL' }),
    device: z.strictObject({ id: idField, password: z.string().min(1).optional() }),
    printer: printerConnection.default({ connection: 'virtual', output: '-', condition: 'ready' }),
    printerProfile: printerProfileSchema.default(DEFAULT_PRINTER_PROFILE),
    scanner: scannerConnection.default({ connection: 'virtual' }),
    scans: z
      .strictObject({
        /** Links that are this site's ticket QR codes (the hub's remote-wait page). */
        ticketUrlPrefixes: z.array(z.url()).default([]),
        appointmentPattern: regexSource.default(DEFAULT_APPOINTMENT_PATTERN),
        maxLength: z.int().min(8).max(4096).default(512),
        partialTimeoutMs: z.int().min(20).max(10_000).default(500),
      })
      .default({ ticketUrlPrefixes: [], appointmentPattern: DEFAULT_APPOINTMENT_PATTERN, maxLength: 512, partialTimeoutMs: 500 }),
    /** No longer read: tickets show the time in the site's zone, sent with each job. Accepted so that an older file still starts; main.ts says to remove it. */
    timeZone: z.string().optional(),
    statusIntervalSeconds: z.int().min(1).max(3600).default(15),
  })
  .superRefine((config, context) => {
    const { codepage, codepageMapping } = config.printerProfile;
    try {
      new ReceiptPrinterEncoder({ language: 'esc-pos', codepageMapping }).codepage(codepage);
    } catch {
      context.addIssue({ code: 'custom', path: ['printerProfile', 'codepage'], message: `${codepageMapping} printers have no ${codepage} code page` });
    }
  });

export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** The demo site's kiosk on this machine (README.md lists its public demo password). */
export const DEMO_CONFIG = {
  hub: { mqttUrl: 'mqtt://localhost:1883', siteId: 'demo-clinic' },
  device: { id: 'kiosk-1', password: 'demo-kiosk-1' },
  // The demo hub's status links, so that a ticket's link typed at the virtual scanner shows its place on the kiosk.
  scans: { ticketUrlPrefixes: ['http://localhost:8080/wait/'] },
};

export function parseAgentConfig(json: unknown, source: string): AgentConfig {
  const parsed = agentConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
  throw new AgentConfigError(`${source} is not a valid kiosk agent configuration: ${details}`);
}

export async function loadAgentConfig(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AgentConfigError(`Cannot read the kiosk agent configuration ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AgentConfigError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const config = parseAgentConfig(json, path);
  // A CA file beside the configuration may be named by its file name alone.
  if (config.hub.caFile) config.hub.caFile = resolve(dirname(path), config.hub.caFile);
  return config;
}

/** The CA certificate the hub's is checked against, read once at start. */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new AgentConfigError(`Cannot read the hub's CA certificate ${path} (hub.caFile): ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AgentConfigError(`${path} (hub.caFile) is not a PEM certificate`);
  return pem;
}
