/**
 * `npm run provision` for a site whose hub speaks TLS: a site CA is made once
 * and kept, a hub certificate issued for the hub's name, and every device is
 * given what it needs to check the hub (the kiosk agent's caFile, the ESPHome
 * certificate_authority, https:// addresses). The provisioned certificate is
 * then served by a real hub, and the kiosk's CA file lets a client in.
 */
import { X509Certificate } from 'node:crypto';
import { appendFile, copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteConfig } from '../../hub/site/config.ts';
import { loadAgentConfig } from '../../kiosk/agent/config.ts';
import { counterDeviceSchema } from '../../firmware-config/provision/esphome-schema.ts';
import { parseEsphome } from '../../firmware-config/provision/esphome-yaml.ts';
import { provision, type ProvisionOptions, type ProvisionResult } from '../../firmware-config/provision/provision.ts';
import { connectClient } from '../helpers/mqtt.ts';
import { startTestHub } from '../helpers/hub.ts';

const EXAMPLE_SITE = new URL('../../firmware-config/site.example.yaml', import.meta.url).pathname;
const HUB = { host: 'hub.north.example', mqttPort: 8883, httpPort: 8443 };
const TLS_LINES = 'tls: { certFile: /etc/lobbyline/tls/hub.crt, keyFile: /etc/lobbyline/tls/hub.key }\n';

describe('provisioning a site with TLS', () => {
  let dir: string;
  let result: ProvisionResult;
  const out = (...parts: string[]) => join(dir, 'out', ...parts);
  const options = (overrides: Partial<ProvisionOptions> = {}): ProvisionOptions => ({
    sitePath: join(dir, 'site.yaml'),
    secretsPath: join(dir, 'secrets.yaml'),
    outDir: join(dir, 'out'),
    hub: HUB,
    install: { node: process.execPath, appDir: process.cwd() },
    env: {},
    ...overrides,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-provision-tls-'));
    await copyFile(EXAMPLE_SITE, join(dir, 'site.yaml'));
    await appendFile(join(dir, 'site.yaml'), TLS_LINES);
    result = await provision(options());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a site CA beside the secrets and a hub certificate for the hub name, its key kept 0600, and says where they go', async () => {
    const ca = new X509Certificate(await readFile(join(dir, 'secrets-ca', 'site-ca.crt')));
    expect(ca.ca).toBe(true);
    expect(((await stat(join(dir, 'secrets-ca', 'site-ca.key'))).mode & 0o777).toString(8)).toBe('600');
    const hubCert = new X509Certificate(await readFile(out('hub', 'tls', 'hub.crt')));
    expect(hubCert.verify(ca.publicKey)).toBe(true);
    expect(hubCert.checkHost('hub.north.example')).toBe('hub.north.example');
    expect(((await stat(out('hub', 'tls', 'hub.key'))).mode & 0o777).toString(8)).toBe('600');
    expect(result.files.find((f) => f.path === out('hub', 'tls', 'hub.key'))?.secret).toBe(true);
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringMatching(/Install hub\/tls\/hub\.key on the hub as \/etc\/lobbyline\/tls\/hub\.key, readable only/)]));
  });

  it('gives the kiosk agent the CA and an mqtts:// hub, and every address is https://', async () => {
    const config = await loadAgentConfig(out('kiosk-1', 'kiosk-agent.json'));
    expect(config.hub).toEqual({ mqttUrl: 'mqtts://hub.north.example:8883', siteId: 'north-clinic', caFile: out('kiosk-1', 'site-ca.crt') });
    expect(config.scans.ticketUrlPrefixes).toEqual(['https://hub.north.example:8443/wait/']);
    const ca = await readFile(join(dir, 'secrets-ca', 'site-ca.crt'), 'utf8');
    for (const device of ['kiosk-1', 'display-1']) {
      expect(await readFile(out(device, 'site-ca.crt'), 'utf8')).toBe(ca);
      expect(await readFile(out(device, 'browser.env'), 'utf8')).toMatch(/^LOBBYLINE_BROWSER_URL=https:\/\/hub\.north\.example:8443\//);
    }
    expect(await readFile(out('hub', 'urls.txt'), 'utf8')).toContain('https://hub.north.example:8443/desk/');
  });

  it('gives the counter buttons the CA in their ESPHome config, on ESP-IDF', async () => {
    const config = counterDeviceSchema.parse(parseEsphome(await readFile(out('button-c1', 'button-c1.yaml'), 'utf8')));
    expect(config.mqtt.certificate_authority).toBe(await readFile(join(dir, 'secrets-ca', 'site-ca.crt'), 'utf8'));
    expect(config.mqtt.port).toBe(8883);
    expect(config.esp32?.framework.type).toBe('esp-idf');
  });

  it('keeps the same CA on a second run, so devices provisioned before still trust the hub', async () => {
    const before = await readFile(join(dir, 'secrets-ca', 'site-ca.crt'), 'utf8');
    await provision(options({ outDir: join(dir, 'again') }));
    expect(await readFile(join(dir, 'secrets-ca', 'site-ca.crt'), 'utf8')).toBe(before);
    expect(await readFile(join(dir, 'again', 'kiosk-1', 'site-ca.crt'), 'utf8')).toBe(before);
  });

  it('makes a certificate a real hub serves, and the kiosk CA file lets a client in', async () => {
    const site = await loadSiteConfig(result.hubSitePath);
    const secrets = parse(await readFile(join(dir, 'secrets.yaml'), 'utf8')) as { devices: Record<string, string> };
    const hub = await startTestHub({ site: { ...site, tls: { certFile: out('hub', 'tls', 'hub.crt'), keyFile: out('hub', 'tls', 'hub.key') } } });
    try {
      const client = await connectClient(hub.mqttUrl, {
        ca: await readFile(out('kiosk-1', 'site-ca.crt'), 'utf8'),
        servername: 'hub.north.example',
        username: 'display-1',
        password: secrets.devices['display-1']!,
      });
      await client.endAsync();
    } finally {
      await hub.stop();
    }
  });

  it("takes the site's own CA instead, and refuses a file that is not one", async () => {
    const own = await provision(options({ outDir: join(dir, 'own'), siteCaFile: join(dir, 'secrets-ca', 'site-ca.crt') }));
    expect(own.files.some((f) => f.path.includes(join('own', 'hub', 'tls')))).toBe(false);
    expect(own.notes).toEqual(expect.arrayContaining([expect.stringMatching(/Install the hub's own certificate and key at \/etc\/lobbyline\/tls\/hub\.crt/)]));
    await expect(provision(options({ outDir: join(dir, 'bad'), siteCaFile: out('hub', 'tls', 'hub.crt') }))).rejects.toThrow(/is not the site's CA certificate \(PEM\): it is a certificate, but not a CA/);
  });

  it('refuses an ESP8266 counter button, which cannot check the hub certificate', async () => {
    const text = await readFile(join(dir, 'site.yaml'), 'utf8');
    const esp8266 = join(dir, 'esp8266-site.yaml');
    await appendFile(esp8266, text.replace('board: esp32dev', 'board: d1_mini'));
    await expect(provision(options({ sitePath: esp8266, outDir: join(dir, 'esp8266') }))).rejects.toThrow(/button-c1: a d1_mini board \(ESP8266\) cannot check the hub's TLS certificate/);
  });
});
