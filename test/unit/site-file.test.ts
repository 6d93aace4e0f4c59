/**
 * The site file as a clinic's IT person writes it, in YAML or JSON: a mistake
 * is refused with a message that names the field, the problem and its line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteConfig, parseSiteText, queueConfigOf } from '../../hub/site/config.ts';
import { DEMO_SITE_FILE } from '../../hub/site/demo.ts';
import { problemsOf } from '../helpers/site-file.ts';

const HASH = 'scrypt$16384$8$1$TdK0NURuRoLD/X8klAJVfw==$uSA0YTOCK15N5a/wF41n6CiOU4aDGqtQzeSCiHZPRDA=';

/** A small valid site; each test changes one thing in it. */
function siteYaml(replace: Record<string, string> = {}): string {
  let text = `siteId: north
name: North Clinic
timezone: America/New_York
services:
  - id: lab
    prefix: L
    name: { en: Lab tests }
  - id: reg
    prefix: R
    name: { en: Registration }
counters:
  - id: c1
    name: Counter 1
    serviceIds: [lab]
  - id: c2
    name: Counter 2
    serviceIds: [lab, reg]
devices:
  - id: kiosk-1
    role: kiosk
    secretHash: "${HASH}"
    printer: { profile: epson-tm-t20ii, connection: usb }
    scanner: { profile: honeywell, mode: hid-pos, usbId: "0c2e:0b61" }
  - id: display-1
    role: display
    secretHash: "${HASH}"
    display: { layout: portrait, serviceIds: [lab] }
  - id: button-c1
    role: counter
    counterId: c1
    board: esp32dev
    ledDisplay: max7219
    secretHash: "${HASH}"
`;
  for (const [from, to] of Object.entries(replace)) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

describe('site file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-site-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads YAML with kiosks, displays and counter devices', () => {
    const site = parseSiteText(siteYaml(), 'site.yaml');
    expect(site.devices.map((d) => d.id)).toEqual(['kiosk-1', 'display-1', 'button-c1']);
    expect(site.devices[0]!.printer).toEqual({ profile: 'epson-tm-t20ii', connection: 'usb' });
    expect(site.devices[0]!.scanner).toEqual({ profile: 'honeywell', mode: 'hid-pos', usbId: '0c2e:0b61' });
    expect(site.devices[1]!.display).toEqual({ layout: 'portrait', serviceIds: ['lab'] });
  });

  it('reads the demo site, which is JSON, through the same loader', async () => {
    const site = await loadSiteConfig(DEMO_SITE_FILE.pathname);
    expect(site.siteId).toBe('demo-clinic');
    expect(site.devices.find((d) => d.role === 'counter')?.counterId).toBe('c1');
  });

  it('gives the line and column of a problem in a JSON file', async () => {
    const json = JSON.stringify({ siteId: 'north', name: 'North', timezone: 'UTC', services: [{ id: 'lab', prefix: 'lab', name: { en: 'Lab' } }], counters: [{ id: 'c1', name: 'C1', serviceIds: ['lab'] }] }, null, 2);
    const path = join(dir, 'site.json');
    await writeFile(path, json);
    const prefixLine = json.split('\n').findIndex((line) => line.includes('"prefix"')) + 1;
    await expect(loadSiteConfig(path)).rejects.toThrow(new RegExp(`line ${prefixLine}, column \\d+: services\\.0\\.prefix: must be 1-3 capital letters`));
  });

  it('refuses a file that is not YAML, at the line of the mistake', () => {
    expect(problemsOf('siteId: north\nservices: [lab\nname: x\n')).toMatch(/not valid YAML or JSON:\n {2}- line \d+, column \d+: /);
  });

  it('takes the other nodes of the upstream broker cluster for the mirror, each an MQTT URL', () => {
    const mirror = (urls: string) => siteYaml({ 'counters:\n': `mirror: { url: "mqtt://cc-a.example.org:1883", failoverUrls: [${urls}] }\ncounters:\n` });
    expect(parseSiteText(mirror('"mqtt://cc-b.example.org:1883"'), 'site.yaml').mirror?.failoverUrls).toEqual(['mqtt://cc-b.example.org:1883']);
    expect(problemsOf(mirror('"https://cc-b.example.org"'))).toMatch(/mirror\.failoverUrls\.0: must be an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL/);
  });

  it('lets a kiosk give no priority unless the site lists the classes it may give', () => {
    expect(parseSiteText(siteYaml(), 'site.yaml').priority.kioskClasses).toEqual([0]);
    const generous = siteYaml({ 'counters:\n': 'priority: { kioskClasses: [0, 1] }\ncounters:\n' });
    expect(parseSiteText(generous, 'site.yaml').priority.kioskClasses).toEqual([0, 1]);
    expect(problemsOf(siteYaml({ 'counters:\n': 'priority: { kioskClasses: [10] }\ncounters:\n' }))).toMatch(/priority\.kioskClasses\.0/);
  });

  it('takes optional opening hours, a 24-hour time, and hands them to the queue', () => {
    expect(parseSiteText(siteYaml(), 'site.yaml').hours).toBeUndefined();
    const opens = parseSiteText(siteYaml({ 'counters:\n': 'hours: { opens: "07:30" }\ncounters:\n' }), 'site.yaml');
    expect(queueConfigOf(opens).hours).toEqual({ opens: '07:30' });
    expect(problemsOf(siteYaml({ 'counters:\n': 'hours: { opens: 8am }\ncounters:\n' }))).toMatch(/hours\.opens: must be a 24-hour time such as 08:00/);
  });

  it('takes a time zone by its canonical name or an alias, and refuses one nobody knows, at its line', () => {
    expect(parseSiteText(siteYaml(), 'site.yaml').timezone).toBe('America/New_York');
    expect(parseSiteText(siteYaml({ 'timezone: America/New_York': 'timezone: US/Eastern' }), 'site.yaml').timezone).toBe('US/Eastern');
    expect(problemsOf(siteYaml({ 'timezone: America/New_York': 'timezone: Mars/Olympus_Mons' }))).toMatch(/line \d+, column \d+: timezone: must be an IANA time zone such as America\/New_York/);
  });

  it('refuses a site without services', () => {
    const text = siteYaml().replace(/services:\n(?: {2}.*\n)+/, '');
    expect(problemsOf(text)).toMatch(/line 1, column 1: services: is missing \(expected array\)/);
  });

  it('refuses a counter serving an unknown service, at that service', () => {
    expect(problemsOf(siteYaml({ 'serviceIds: [lab, reg]': 'serviceIds: [lab, xray]' }))).toMatch(/line 17, column 23: counters\.1\.serviceIds\.1: counter 'c2' serves unknown service 'xray'/);
  });

  it('refuses duplicate ids, at the repeat', () => {
    expect(problemsOf(siteYaml({ '- id: c2': '- id: c1' }))).toMatch(/line 15, column 9: counters\.1\.id: 'c1' is used twice \(counter ids\)/);
    expect(problemsOf(siteYaml({ '- id: display-1': '- id: kiosk-1' }))).toMatch(/devices\.1\.id: 'kiosk-1' is used twice/);
  });

  it('refuses a bad USB id', () => {
    expect(problemsOf(siteYaml({ 'usbId: "0c2e:0b61"': 'usbId: "0c2e:b61"' }))).toMatch(
      /line 23, column \d+: devices\.0\.scanner\.usbId: must be a USB id as lsusb prints it: vendor:product in hex, e\.g\. 04b8:0e15/,
    );
  });

  it('refuses an unknown printer profile and a scanner whose USB id nobody knows', () => {
    expect(problemsOf(siteYaml({ 'profile: epson-tm-t20ii': 'profile: epson-tm-t1000' }))).toMatch(/devices\.0\.printer\.profile: unknown printer profile 'epson-tm-t1000'; known: epson-tm-t20ii, /);
    expect(problemsOf(siteYaml({ ', usbId: "0c2e:0b61"': '' }))).toMatch(/devices\.0\.scanner\.usbId: the USB id of a Honeywell .* in hid-pos mode is not known: add usbId/);
  });

  it('refuses a display of an unknown service and a counter button without a counter', () => {
    expect(problemsOf(siteYaml({ 'serviceIds: [lab] }': 'serviceIds: [xray] }' }))).toMatch(/devices\.1\.display\.serviceIds\.0: display 'display-1' shows unknown service 'xray'/);
    expect(problemsOf(siteYaml({ 'counterId: c1': 'counterId: c9' }))).toMatch(/devices\.2\.counterId: counter button 'button-c1' needs the id of a known counter/);
  });

  it('asks for provisioning when a device has no password hash, and never takes a plain password', () => {
    expect(problemsOf(siteYaml().replace(`    secretHash: "${HASH}"\n    printer`, '    printer'))).toMatch(/devices\.0\.secretHash: is missing: `npm run provision/);
    expect(problemsOf(siteYaml().replace(`secretHash: "${HASH}"\n    printer`, 'secretHash: hunter2-hunter2\n    printer'))).toMatch(/devices\.0\.secretHash: must be a hash made by `npm run provision`/);
    expect(problemsOf(siteYaml().replace(`secretHash: "${HASH}"`, 'secretHash: "sha256$not-a-digest"'))).toMatch(/devices\.0\.secretHash: must be a hash made by `npm run provision`/);
    expect(parseSiteText(siteYaml().replace(`secretHash: "${HASH}"`, 'secretHash: "sha256$zHdw5r1c0ZpvM3Nl3Zz3H/DcLBNCeonoIzKLRPHXe88="'), 'site.yaml').devices[0]!.secretHash).toMatch(/^sha256\$/);
  });

  it('takes the TLS files and reverse proxies, and refuses a relative path or a proxy that is not an address', () => {
    const site = parseSiteText(`${siteYaml()}tls: { certFile: /etc/lobbyline/tls/hub.crt, keyFile: /etc/lobbyline/tls/hub.key }\ntrustedProxies: [10.0.0.5, 192.168.1.0/24, "::1"]\n`, 'site.yaml');
    expect(site.tls).toEqual({ certFile: '/etc/lobbyline/tls/hub.crt', keyFile: '/etc/lobbyline/tls/hub.key' });
    expect(problemsOf(`${siteYaml()}tls: { certFile: hub.crt, keyFile: /etc/lobbyline/tls/hub.key }\n`)).toMatch(/tls\.certFile: must be an absolute path on the hub/);
    expect(problemsOf(`${siteYaml()}trustedProxies: [proxy.local, 10.0.0.0/33]\n`)).toMatch(
      /trustedProxies\.0: must be an IP address or a CIDR range[\s\S]*trustedProxies\.1: must be an IP address or a CIDR range/,
    );
  });
});
