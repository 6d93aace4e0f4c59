/**
 * `npm run provision` on the example site file: every generated file is read
 * back by something that knows its format (systemd-analyze, the YAML parser
 * with ESPHome's tags and a schema, the kiosk agent's own config loader,
 * the ESC/POS decoder, the hub itself), every topic is the contract's, and the
 * example itself is only read.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import { hashSecret, verifySecret } from '../../hub/access/credentials.ts';
import { loadSiteConfig } from '../../hub/site/config.ts';
import { loadAgentConfig } from '../../kiosk/agent/config.ts';
import { EscPosDecoder } from '../../kiosk/agent/virtual/escpos-decoder.ts';
import { printerModel } from '../../hardware/index.ts';
import { counterDeviceSchema, esphomeSecretsSchema } from '../../firmware-config/provision/esphome-schema.ts';
import { Lambda, parseEsphome } from '../../firmware-config/provision/esphome-yaml.ts';
import { provision, type ProvisionResult } from '../../firmware-config/provision/provision.ts';
import { startTestHub } from '../helpers/hub.ts';
import { connectClient } from '../helpers/mqtt.ts';

const run = promisify(execFile);
const EXAMPLE_SITE = new URL('../../firmware-config/site.example.yaml', import.meta.url).pathname;
const HUB = { host: 'hub.north.example', mqttPort: 1883, httpPort: 8080 };
const PUBLIC_URL = 'https://wait.north.example';

describe('provisioning from one site file', () => {
  let dir: string;
  let result: ProvisionResult;
  let exampleBefore: Buffer;
  const out = (...parts: string[]) => join(dir, 'out', ...parts);
  const hubSite = () => out('hub', 'site.example.yaml');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-provision-'));
    exampleBefore = await readFile(EXAMPLE_SITE);
    // The tracked example itself, as a new site runs it: it must come out untouched.
    result = await provision({
      sitePath: EXAMPLE_SITE,
      secretsPath: join(dir, 'secrets.yaml'),
      outDir: join(dir, 'out'),
      hub: HUB,
      publicUrl: PUBLIC_URL,
      // The binaries the units start must exist for systemd-analyze verify; these are this machine's.
      install: { node: process.execPath, appDir: process.cwd() },
      env: {},
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the site file it was given byte for byte as it was', async () => {
    expect((await readFile(EXAMPLE_SITE)).equals(exampleBefore)).toBe(true);
    expect(result.hubSitePath).toBe(hubSite());
  });

  it("makes device passwords, keeps them in 0600 files, and writes only their hashes into the hub's site file", async () => {
    expect(result.createdPasswords).toEqual(['kiosk-1', 'display-1', 'button-c1', 'desk-1']);
    expect(result.hashesWritten).toEqual(['kiosk-1', 'display-1', 'button-c1', 'desk-1']);
    const secrets = parse(await readFile(join(dir, 'secrets.yaml'), 'utf8')) as { devices: Record<string, string> };
    const site = await loadSiteConfig(hubSite());
    for (const device of site.devices) expect(verifySecret(secrets.devices[device.id]!, device.secretHash)).toBe(true);
    // Random 24-character passwords: the hub checks them with one SHA-256, not scrypt.
    for (const device of site.devices) expect(device.secretHash).toMatch(/^sha256\$/);
    const siteText = await readFile(hubSite(), 'utf8');
    for (const password of Object.values(secrets.devices)) expect(siteText).not.toContain(password);
    expect(siteText).toContain('# A Lobbyline site file.');

    const secretFiles = [join(dir, 'secrets.yaml'), ...result.files.filter((f) => f.secret).map((f) => f.path)];
    expect(secretFiles.map((p) => p.slice(dir.length))).toEqual(
      expect.arrayContaining(['/secrets.yaml', '/out/kiosk-1/kiosk-agent.json', '/out/kiosk-1/browser.env', '/out/display-1/browser.env', '/out/button-c1/secrets.yaml']),
    );
    for (const path of secretFiles) expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600');
    for (const file of result.files.filter((f) => !f.secret)) {
      const text = await readFile(file.path, 'latin1');
      for (const password of Object.values(secrets.devices)) expect(text, file.path).not.toContain(password);
    }
  });

  it("writes the public address for phones into the hub's site file, and the hub serves it with the devices' passwords", async () => {
    expect(result.publicUrl).toBe(PUBLIC_URL);
    const siteText = await readFile(hubSite(), 'utf8');
    expect(siteText).toMatch(/\ntimezone: America\/New_York\nlanguages: \[ en, es \]\npublicUrl: https:\/\/wait\.north\.example\n/);
    const site = await loadSiteConfig(hubSite());
    const secrets = parse(await readFile(join(dir, 'secrets.yaml'), 'utf8')) as { devices: Record<string, string> };
    const hub = await startTestHub({ site });
    try {
      expect(hub.publicUrl).toBe(PUBLIC_URL);
      const kiosk = await connectClient(hub.mqttUrl, { username: 'kiosk-1', password: secrets.devices['kiosk-1']! });
      await kiosk.endAsync();
    } finally {
      await hub.stop();
    }
    expect(await readFile(out('hub', 'urls.txt'), 'utf8')).toContain(`  Phones join  ${PUBLIC_URL}/wait/\n`);
    expect(await readFile(out('hub', 'lobbyline-hub.service'), 'utf8')).toMatch(/ExecStart=.* --site \/etc\/lobbyline\/site\.example\.yaml .*--host 0\.0\.0\.0 /);
  });

  it('runs again from the site file it wrote without changing any password, and refuses a site file whose hash does not match', async () => {
    const again = await provision({ sitePath: hubSite(), secretsPath: join(dir, 'secrets.yaml'), outDir: join(dir, 'again'), hub: HUB, env: {} });
    expect(again.createdPasswords).toEqual([]);
    expect(again.hashesWritten).toEqual([]);
    expect(again.publicUrl).toBe(PUBLIC_URL);
    expect(await readFile(join(dir, 'again', 'hub', 'site.example.yaml'), 'utf8')).toBe(await readFile(hubSite(), 'utf8'));
    await expect(
      provision({ sitePath: hubSite(), secretsPath: join(dir, 'other-secrets.yaml'), outDir: join(dir, 'other'), hub: HUB, env: {} }),
    ).rejects.toThrow(/The secretHash of kiosk-1 in .*site\.example\.yaml does not match its password in the secrets file/);
  });

  it('moves a device hash from before (scrypt) to the fast form, once it has checked it against the secrets file', async () => {
    const secrets = parse(await readFile(join(dir, 'secrets.yaml'), 'utf8')) as { devices: Record<string, string> };
    const current = await readFile(hubSite(), 'utf8');
    const fast = (await loadSiteConfig(hubSite())).devices.find((device) => device.id === 'kiosk-1')!.secretHash;
    const older = join(dir, 'older-site.yaml');
    await writeFile(older, current.replace(fast, hashSecret(secrets.devices['kiosk-1']!)));
    const again = await provision({ sitePath: older, secretsPath: join(dir, 'secrets.yaml'), outDir: join(dir, 'older'), hub: HUB, env: {} });
    expect(again.hashesWritten).toEqual(['kiosk-1']);
    const site = await loadSiteConfig(join(dir, 'older', 'hub', 'older-site.yaml'));
    expect(site.devices.find((device) => device.id === 'kiosk-1')!.secretHash).toBe(fast);
  });

  it('without --public-url gives phones the hub on the clinic network, says .local will not do, and keeps an older remoteWait.publicUrl', async () => {
    const plain = await provision({ sitePath: EXAMPLE_SITE, secretsPath: join(dir, 'secrets.yaml'), outDir: join(dir, 'plain'), hub: { ...HUB, host: 'lobbyline-hub.local' }, env: {} });
    expect(plain.publicUrl).toBe('http://lobbyline-hub.local:8080');
    expect(plain.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Phones will be sent to http:\/\/lobbyline-hub\.local:8080, which many phones cannot look up \(\.local\): run again with --public-url/)]));

    const older = join(dir, 'older.yaml');
    await writeFile(older, `${exampleBefore.toString('utf8')}remoteWait: { publicUrl: https://old.north.example/ }\n`);
    const kept = await provision({ sitePath: older, secretsPath: join(dir, 'secrets.yaml'), outDir: join(dir, 'older'), hub: HUB, env: {} });
    expect(kept.publicUrl).toBe('https://old.north.example');
    const moved = await provision({ sitePath: older, secretsPath: join(dir, 'secrets.yaml'), outDir: join(dir, 'moved'), hub: HUB, publicUrl: PUBLIC_URL, env: {} });
    const movedSite = await loadSiteConfig(moved.hubSitePath);
    expect([movedSite.publicUrl, movedSite.remoteWait.publicUrl]).toEqual([PUBLIC_URL, undefined]);
  });

  it('writes systemd units that systemd-analyze verify accepts without a word', async () => {
    const units = result.files.filter((f) => f.path.endsWith('.service')).map((f) => f.path);
    expect(units.map((p) => p.slice(out().length))).toEqual(
      expect.arrayContaining(['/hub/lobbyline-hub.service', '/kiosk-1/lobbyline-kiosk-agent.service', '/kiosk-1/lobbyline-browser.service', '/display-1/lobbyline-browser.service']),
    );
    for (const unit of units) {
      const { stdout, stderr } = await run('systemd-analyze', ['verify', unit]);
      expect(`${stdout}${stderr}`, unit).toBe('');
      const text = await readFile(unit, 'utf8');
      for (const setting of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes']) expect(text).toContain(setting);
    }
    const browser = await readFile(out('display-1', 'lobbyline-browser.service'), 'utf8');
    for (const flag of ['--kiosk', '--noerrdialogs', '--disable-translate', '--incognito']) expect(browser).toContain(flag);
    expect(browser).toContain('${LOBBYLINE_BROWSER_URL}');
    expect(browser).not.toContain('key=');
    expect(await readFile(out('hub', 'lobbyline-hub.service'), 'utf8')).toMatch(/ReadWritePaths=\/var\/lib\/lobbyline/);
  });

  it('writes a kiosk agent config its own loader accepts, with the printer model profile and stable device names', async () => {
    const config = await loadAgentConfig(out('kiosk-1', 'kiosk-agent.json'));
    // Tickets carry the public address; the hub's own is known too, for tickets printed before there was one.
    expect(config.scans.ticketUrlPrefixes).toEqual([`${PUBLIC_URL}/wait/`, 'http://hub.north.example:8080/wait/']);
    expect(config.hub).toEqual({ mqttUrl: 'mqtt://hub.north.example:1883', siteId: 'north-clinic' });
    expect(config.device.id).toBe('kiosk-1');
    expect(config.printer).toEqual({ connection: 'usb', path: '/dev/lobbyline/printer' });
    expect(config.printerProfile).toEqual(printerModel('epson-tm-t20ii')!.agentProfile);
    expect(config.scanner).toEqual({ connection: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61 });
  });

  it('writes udev rules whose ids are those of the profiles and the site file', async () => {
    const rules = (await readFile(out('kiosk-1', '70-lobbyline.rules'), 'utf8')).split('\n').filter((line) => line && !line.startsWith('#'));
    const parsed = rules.map((line) => Object.fromEntries(line.split(/,\s*/).map((pair) => /^([A-Z]+(?:\{\w+\})?)(==|\+=|=)"([^"]*)"$/.exec(pair)!.slice(1, 4)).map(([key, op, value]) => [`${key}${op}`, value])));
    const printerId = printerModel('epson-tm-t20ii')!.usbIds[0]!;
    expect(parsed).toEqual([
      { 'SUBSYSTEM==': 'usbmisc', 'ATTRS{idVendor}==': printerId.vendorId, 'ATTRS{idProduct}==': printerId.productId, 'SYMLINK+=': 'lobbyline/printer', 'GROUP=': 'lobbyline', 'MODE=': '0660' },
      { 'SUBSYSTEM==': 'hidraw', 'ATTRS{idVendor}==': '0c2e', 'ATTRS{idProduct}==': '0b61', 'SYMLINK+=': 'lobbyline/scanner', 'GROUP=': 'lobbyline', 'MODE=': '0660' },
    ]);
  });

  it('writes ESPHome configs that fit the schema and use exactly the hub topics for this counter', async () => {
    const config = counterDeviceSchema.parse(parseEsphome(await readFile(out('button-c1', 'button-c1.yaml'), 'utf8')));
    esphomeSecretsSchema.parse(parse(await readFile(out('button-c1', 'secrets.yaml'), 'utf8')));
    const topics = siteTopics('north-clinic');
    const published = config.binary_sensor.flatMap((b) => b.on_press).flatMap((a) => ('mqtt.publish' in a ? [a['mqtt.publish'].topic] : 'if' in a ? a.if.then.map((t) => t['mqtt.publish'].topic) : []));
    expect(published).toEqual([topics.command('call-next'), topics.command('recall')]);
    expect(config.mqtt.on_json_message.map((m) => m.topic)).toEqual([topics.counter('c1'), topics.reply('button-c1')]);
    for (const message of [config.mqtt.birth_message, config.mqtt.will_message, config.mqtt.shutdown_message]) expect(message.topic).toBe(topics.deviceStatus('button-c1'));
    expect(config.mqtt).toMatchObject({ broker: 'hub.north.example', port: 1883, username: 'button-c1', client_id: 'button-c1' });
    expect(config.display?.[0]).toMatchObject({ platform: 'max7219' });
    expect(config.display?.[0]?.lambda).toBeInstanceOf(Lambda);
  });

  it('prints the Honeywell setup codes as Code 128 with FNC3 on the kiosk printer', async () => {
    const bytes = await readFile(out('kiosk-1', 'scanner-setup.escpos'));
    const text: string[] = [];
    new EscPosDecoder({ onItem: (item) => item.kind === 'line' && text.push(item.line.text.trim()) }).push(bytes);
    expect(text).toEqual(expect.arrayContaining(['Honeywell Voyager, Xenon or Granit: hid-pos mode', '1. USB HID POS', 'TRMUSB131.']));
    // GS k 73 n: Code 128, then code set B and FNC3 before the command.
    const command = Buffer.from('{B{3TRMUSB131.', 'ascii');
    expect(bytes.includes(Buffer.concat([Buffer.from([0x1d, 0x6b, 73, command.length]), command]))).toBe(true);
  });

  it('lists display addresses without their keys, and keeps the keys in the browser environment file', async () => {
    const urls = await readFile(out('hub', 'urls.txt'), 'utf8');
    expect(urls).toContain('http://hub.north.example:8080/display/?site=north-clinic&layout=landscape&device=display-1');
    expect(urls).not.toContain('key=');
    expect(await readFile(out('display-1', 'browser.env'), 'utf8')).toMatch(/^LOBBYLINE_BROWSER_URL=http:\/\/hub\.north\.example:8080\/display\/\?site=north-clinic&layout=landscape&device=display-1&key=[\w-]{24}\n$/);
  });
});
