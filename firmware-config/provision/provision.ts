/**
 * From one site file to every file the site's machines and devices need:
 *
 *   hub/                     lobbyline-hub.service, the site file to install (with the device password hashes and the
 *                            public address for phones; the site file given is only read), urls.txt,
 *                            tls/ (the hub's certificate and key*, when the site has TLS and no CA of its own)
 *   {kiosk}/                 kiosk-agent.json*, 70-lobbyline.rules, the agent and browser units, browser.env*, site-ca.crt (TLS),
 *                            scanner-setup.escpos (the scanner's programming codes, when its maker publishes them)
 *   {display}/               lobbyline-browser.service, browser.env*, site-ca.crt (TLS)
 *   {counter device}/        {id}.yaml (ESPHome, with the site CA when the hub speaks TLS) and secrets.yaml*
 *
 * Files marked * hold a device password and are written with mode 0600.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { loadSiteConfig, SiteConfigError, sitePublicUrl, type DeviceConfig, type SiteConfig } from '../../hub/site/config.ts';
import { isLoopback } from '../../hub/wait/public-address.ts';
import { printerModel, scannerModel } from '../../hardware/index.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer-profile.ts';
import { displayUrl, kioskUrl } from './browser-urls.ts';
import { counterDeviceFiles } from './counter-device.ts';
import { loadDeviceSecrets, randomPassword } from './device-secrets.ts';
import { httpUrl, mqttUrl, type HubAddress } from './hub-address.ts';
import { hubTrust } from './hub-tls.ts';
import { kioskAgentConfig } from './kiosk-agent-config.ts';
import { scannerSetupSheet } from '../../hardware/scanner-setup-sheet.ts';
import { hubSiteFile } from './site-hashes.ts';
import { BROWSER_ENV_FILE, browserUnit, DEFAULT_INSTALL, hubUnit, kioskAgentUnit, UNIT_NAMES, type InstallPaths } from './systemd-units.ts';
import { kioskUdevRules } from './udev-rules.ts';

export interface ProvisionOptions {
  sitePath: string;
  secretsPath: string;
  outDir: string;
  /** Where the hub is; whether it speaks TLS comes from the site file. */
  hub: Omit<HubAddress, 'tls'>;
  /**
   * Where phones reach the hub (--public-url), written into the hub's site file; without it the site
   * file's own publicUrl, or else the hub's address on the clinic network.
   */
  publicUrl?: string;
  /** A site with TLS: its own CA certificate; without it a site CA is made (hub-tls.ts). */
  siteCaFile?: string;
  /** Where the site CA made here is kept; default beside the secrets file. */
  caDir?: string;
  install?: Partial<InstallPaths>;
  env?: NodeJS.ProcessEnv;
}

export interface GeneratedFile {
  path: string;
  /** Holds a password: mode 0600, never committed. */
  secret: boolean;
}

export interface ProvisionResult {
  site: SiteConfig;
  files: GeneratedFile[];
  /** Devices whose passwords were made just now. */
  createdPasswords: string[];
  /** Devices whose hashes were written into the hub's site file. */
  hashesWritten: string[];
  /** The site file to install on the hub: the one given, with hashes and public address. */
  hubSitePath: string;
  /** Where phones reach the hub: every QR code and link a person receives starts with it. */
  publicUrl: string;
  /** Things a person still has to do. */
  notes: string[];
}

export async function provision(options: ProvisionOptions): Promise<ProvisionResult> {
  const env = options.env ?? process.env;
  const install = { ...DEFAULT_INSTALL, ...options.install };
  const given = await readSiteFile(options.sitePath);
  const raw = rawSite(given);
  const loaded = await loadDeviceSecrets(options.secretsPath, devicesIn(raw), env);
  // An address the site file has stays as it is written, unless --public-url says otherwise.
  const ownPublicUrl = raw?.publicUrl ?? raw?.remoteWait?.publicUrl;
  const addPublicUrl = options.publicUrl ?? (ownPublicUrl ? null : httpUrl({ ...options.hub, tls: Boolean(raw?.tls) }));
  const forHub = hubSiteFile(given, options.sitePath, loaded.passwordOf, addPublicUrl);
  const hashesWritten = forHub.hashesAdded;
  const siteFileName = basename(options.sitePath);
  const hubSitePath = join(options.outDir, 'hub', siteFileName);

  const files: GeneratedFile[] = [];
  const notes: string[] = [];
  const write = async (relative: string, content: string | Uint8Array, secret = false) => {
    const path = join(options.outDir, relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content, { mode: secret ? 0o600 : 0o644 });
    if (secret) await chmod(path, 0o600);
    files.push({ path, secret });
  };

  // Checked as the hub will load it, so that a problem's line is that file's.
  await write(join('hub', siteFileName), forHub.text);
  const site = await loadSiteConfig(hubSitePath);
  const publicUrl = sitePublicUrl(site)!;
  const hub: HubAddress = { ...options.hub, tls: Boolean(site.tls) };
  const trust = site.tls
    ? await hubTrust({
        site: { ...site, tls: site.tls },
        ...(options.siteCaFile && { siteCaFile: options.siteCaFile }),
        caDir: options.caDir ?? `${options.secretsPath.replace(/\.ya?ml$/, '')}-ca`,
        hubHost: hub.host,
        outDir: options.outDir,
      })
    : null;
  await write(join('hub', UNIT_NAMES.hub), hubUnit(install, siteFileName, hub));
  const publicHost = new URL(publicUrl).hostname;
  if (isLoopback(publicHost) || publicHost.endsWith('.local')) {
    notes.push(
      `Phones will be sent to ${publicUrl}, which ${isLoopback(publicHost) ? 'on a phone means the phone itself' : 'many phones cannot look up (.local)'}: run again with --public-url and the address phones reach the hub at, such as http://192.168.1.20:${hub.httpPort} or https://wait.example.org.`,
    );
  }
  if (trust) {
    for (const made of trust.hubFiles) {
      files.push({ path: join(options.outDir, made.relative), secret: made.secret });
      notes.push(`Install ${made.relative} on the hub as ${made.installAt}${made.secret ? ', readable only by the lobbyline user' : ''}.`);
    }
    if (!trust.hubFiles.length) notes.push(`Install the hub's own certificate and key at ${site.tls!.certFile} and ${site.tls!.keyFile}, for the name ${hub.host}.`);
  }
  const urls = [`Lobbyline ${site.name}`, `  Phones join  ${publicUrl}/wait/`, `  Staff desk   ${httpUrl(hub)}/desk/`, `  MQTT         ${mqttUrl(hub)}`];
  /** Browsers on the lobby's machines must trust the site CA too: the unit cannot add it to their store for them. */
  const writeBrowserTrust = async (device: DeviceConfig) => {
    if (!trust) return;
    await write(join(device.id, SITE_CA_FILE), trust.caPem);
    notes.push(`${device.id}: make its browser trust ${device.id}/${SITE_CA_FILE} (the hub is at ${httpUrl(hub)}); README.md "TLS" says how.`);
  };

  for (const device of site.devices) {
    const password = loaded.passwordOf(device.id);
    switch (device.role) {
      case 'kiosk':
        await writeKiosk(site, device, password);
        urls.push(`  Kiosk        ${httpUrl(hub)}/kiosk/?device=${device.id}   (${device.id}; key in ${device.id}/${BROWSER_ENV_FILE})`);
        break;
      case 'display':
        await write(join(device.id, UNIT_NAMES.browser), browserUnit(install, device.id));
        await write(join(device.id, BROWSER_ENV_FILE), browserEnv(displayUrl(site, hub, device, password)), true);
        await writeBrowserTrust(device);
        urls.push(`  Display      ${displayUrl(site, hub, device, null)}   (key in ${device.id}/${BROWSER_ENV_FILE})`);
        break;
      case 'counter': {
        const ota = loaded.secrets.ota[device.id] ?? randomPassword();
        const wifiSsid = env.LOBBYLINE_WIFI_SSID ?? loaded.secrets.esphome.wifiSsid;
        const wifiPassword = env.LOBBYLINE_WIFI_PASSWORD ?? loaded.secrets.esphome.wifiPassword;
        if (!wifiSsid || !wifiPassword) notes.push(`${device.id}/secrets.yaml: fill in wifi_ssid and wifi_password (or set LOBBYLINE_WIFI_SSID and LOBBYLINE_WIFI_PASSWORD and run again).`);
        const secrets = { mqttPassword: password, otaPassword: ota, wifiSsid: wifiSsid ?? 'set-me', wifiPassword: wifiPassword ?? 'set-me' };
        const esphome = counterDeviceFiles(site, device, hub, secrets, trust?.caPem);
        await write(join(device.id, `${device.id}.yaml`), esphome.config);
        await write(join(device.id, 'secrets.yaml'), esphome.secrets, true);
        break;
      }
      case 'desk':
      case 'mirror':
        break;
    }
  }
  await write(join('hub', 'urls.txt'), `${urls.join('\n')}\n`);
  return { site, files, createdPasswords: loaded.created, hashesWritten, hubSitePath, publicUrl, notes };

  async function writeKiosk(site: SiteConfig, device: DeviceConfig, password: string): Promise<void> {
    const agentConfig = kioskAgentConfig(site, device, hub, publicUrl, password, trust ? SITE_CA_FILE : undefined);
    await write(join(device.id, 'kiosk-agent.json'), `${JSON.stringify(agentConfig, null, 2)}\n`, true);
    await writeBrowserTrust(device);
    await write(join(device.id, '70-lobbyline.rules'), kioskUdevRules(device));
    await write(join(device.id, UNIT_NAMES.kioskAgent), kioskAgentUnit(install, device.id));
    await write(join(device.id, UNIT_NAMES.browser), browserUnit(install, device.id));
    await write(join(device.id, BROWSER_ENV_FILE), browserEnv(kioskUrl(hub, device, password)), true);
    const scanner = device.scanner && scannerModel(device.scanner.profile);
    if (device.scanner && scanner) {
      const profile = (device.printer && printerModel(device.printer.profile)?.agentProfile) || DEFAULT_PRINTER_PROFILE;
      const sheet = scannerSetupSheet(scanner, device.scanner.mode, profile);
      if (sheet) await write(join(device.id, 'scanner-setup.escpos'), sheet);
      else notes.push(`${device.id}: set the ${scanner.name} to ${device.scanner.mode} mode with the programming bar codes in its product reference guide.`);
    }
  }
}

/** The site CA's certificate, beside each kiosk's and display's other files. */
const SITE_CA_FILE = 'site-ca.crt';

function browserEnv(url: string): string {
  return `LOBBYLINE_BROWSER_URL=${url}\n`;
}

async function readSiteFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SiteConfigError(`Cannot read site file ${path}: ${(error as Error).message}`);
  }
}

/** The parts of the site file read before it is valid as a whole (it may still lack its hashes); null when it is not YAML or JSON. */
interface RawSite {
  devices?: unknown;
  publicUrl?: string;
  remoteWait?: { publicUrl?: string };
  tls?: unknown;
}

function rawSite(text: string): RawSite | null {
  try {
    const raw: unknown = parse(text);
    return raw && typeof raw === 'object' ? (raw as RawSite) : null;
  } catch {
    return null; // the site loader reports the problem, with its line
  }
}

function devicesIn(raw: RawSite | null): { id: string; role: string }[] {
  const devices = raw?.devices;
  if (!Array.isArray(devices)) return [];
  return devices.flatMap((d: { id?: unknown; role?: unknown } | null) => (typeof d?.id === 'string' ? [{ id: d.id, role: String(d.role) }] : []));
}
