/**
 * The site's one public address for phones: how the site file gives it (the
 * top-level publicUrl, or the older remoteWait.publicUrl), what the hub warns
 * about from this machine's addresses, the texts that carry a status link on
 * it, and the kiosk knowing its tickets however the address is written.
 */
import { readFileSync } from 'node:fs';
import { utils } from 'node-pdu';
import { describe, expect, it } from 'vitest';
import { parseSiteText, sitePublicUrl } from '../../hub/site/config.ts';
import { DEMO_SITE_FILE } from '../../hub/site/demo.ts';
import { SMS_LANGUAGES, smsText, TEXTS_WITH_STATUS_LINK, type SmsMessage } from '../../hub/sms/templates.ts';
import { publicAddressProblems, publicNameProblem } from '../../hub/wait/public-address.ts';
import { appointmentPattern, interpretScan } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { problemsOf } from '../helpers/site-file.ts';

const DEMO = readFileSync(DEMO_SITE_FILE, 'utf8');
/** The demo site (JSON) with more top-level keys. */
const demoWith = (extra: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(DEMO), ...extra });

describe('the site file’s public address', () => {
  it('is the top-level publicUrl, or the older remoteWait.publicUrl, without a trailing slash', () => {
    expect(sitePublicUrl(parseSiteText(demoWith({ publicUrl: 'https://wait.example.org/' }), 'site.json'))).toBe('https://wait.example.org');
    expect(sitePublicUrl(parseSiteText(demoWith({ remoteWait: { publicUrl: 'http://192.168.1.20:8080' } }), 'site.json'))).toBe('http://192.168.1.20:8080');
    expect(sitePublicUrl(parseSiteText(DEMO, 'site.json'))).toBeNull();
  });

  it('refuses an address phones cannot use, and two that disagree', () => {
    expect(problemsOf(demoWith({ publicUrl: 'ftp://wait.example.org' }))).toMatch(/publicUrl: must be an http:\/\/ or https:\/\/ address/);
    expect(problemsOf(demoWith({ publicUrl: 'https://wait.example.org/?site=x' }))).toMatch(/publicUrl: must be an address without \? or #/);
    expect(problemsOf(demoWith({ publicUrl: 'https://a.example.org', remoteWait: { publicUrl: 'https://b.example.org' } }))).toMatch(
      /remoteWait\.publicUrl: says https:\/\/b\.example\.org but publicUrl says https:\/\/a\.example\.org: keep only the top-level publicUrl/,
    );
  });
});

describe('warnings about the public address', () => {
  const LAN = ['192.168.1.20', 'fe80::1'];
  const address = (url: string, configured: boolean, host = '0.0.0.0', behindProxy = false) => ({ url, configured, host, httpPort: 8080, behindProxy });

  it('say phones would be given the phone itself, with the fix and this machine’s address in it', () => {
    expect(publicAddressProblems(address('http://localhost:8080', false), LAN)).toEqual([
      'Phones cannot open the QR codes and links this hub hands out: no public address is set, so they are http://localhost:8080, which on a phone means the phone itself. To fix it, set publicUrl in the site file to the address phones reach this hub at (for example publicUrl: http://192.168.1.20:8080), or start the hub with --public-url http://192.168.1.20:8080.',
    ]);
    for (const url of ['http://127.0.0.1:8080', 'http://[::1]:8080', 'https://lobby.localhost']) {
      expect(publicAddressProblems(address(url, true), LAN)[0]).toMatch(/^Phones cannot open the QR codes and links this hub hands out: the public address is /);
    }
  });

  it('say an address of another machine only works if something forwards it, and that .local names often fail', () => {
    expect(publicAddressProblems(address('http://192.168.1.99:8080', true), LAN)).toEqual([expect.stringMatching(/^The public address http:\/\/192\.168\.1\.99:8080 is not an address of this machine \(192\.168\.1\.20, fe80::1\)/)]);
    expect(publicAddressProblems(address('http://192.168.1.99:8080', true, '0.0.0.0', true), LAN)).toEqual([]);
    expect(publicAddressProblems(address('http://hub.local:8080', true), LAN)).toEqual([expect.stringMatching(/^Many phones cannot look up \.local names such as hub\.local/)]);
  });

  it('say a hub on loopback alone is out of phones’ reach unless a proxy stands in front', () => {
    expect(publicAddressProblems(address('http://192.168.1.20:8080', true, '127.0.0.1'), LAN)).toEqual([expect.stringMatching(/^The hub listens only on 127\.0\.0\.1, so phones cannot reach http:\/\/192\.168\.1\.20:8080 unless a reverse proxy/)]);
    expect(publicAddressProblems(address('https://wait.example.org', true, '127.0.0.1', true), LAN)).toEqual([]);
  });

  it('say an address of this machine on another port than the hub’s reaches nothing', () => {
    expect(publicAddressProblems(address('http://192.168.1.20', true), LAN)).toEqual([
      'The public address http://192.168.1.20 is this machine on port 80, but the hub listens on port 8080: phones reach nothing there unless something forwards it. To fix it, use port 8080 in publicUrl, or start the hub with --http-port 80.',
    ]);
  });

  it('have nothing to say about an address of this machine', () => {
    expect(publicAddressProblems(address('http://192.168.1.20:8080', true), LAN)).toEqual([]);
    expect(publicAddressProblems(address('http://192.168.1.20:8080', false, '192.168.1.20'), LAN)).toEqual([]);
  });

  it('look the name up on this machine: localhost by another name, or a name that does not resolve', async () => {
    expect(await publicNameProblem(address('http://localhost:8080', true), LAN)).toBeNull();
    expect(await publicNameProblem(address('http://wait.invalid:8080', true), LAN)).toMatch(/^The name wait\.invalid in the public address http:\/\/wait\.invalid:8080 cannot be looked up on this machine/);
  });
});

describe('texts with a status link', () => {
  const GSM7 = new Set([...utils.Helper.ALPHABET_7BIT, ...'^{}\\[~]|€']);
  const LINK = 'https://wait.example.org/wait/#AbCdEfGhIjKlMnOpQrStUvWx';
  const SAMPLES: SmsMessage[] = [
    { kind: 'menu', ticket: 'L-104', called: false },
    { kind: 'menu', ticket: 'L-104', called: true },
    { kind: 'transferred', ticket: 'L-104', serviceName: 'Registration', place: 12 },
    { kind: 'more-time', ticket: 'L-104' },
  ];

  it.each(SMS_LANGUAGES)('in %s end with the link on the public address and stay within one part', (language) => {
    for (const message of SAMPLES) {
      const text = smsText(message, language, { name: 'Demo Clinic', timeZone: 'UTC' }, LINK);
      expect(text.endsWith(` ${LINK}`), text).toBe(true);
      expect([...text].filter((c) => !GSM7.has(c)), text).toEqual([]);
      expect(text.length, text).toBeLessThanOrEqual(160);
    }
  });

  it('are only those; a call to the counter stays short', () => {
    expect([...TEXTS_WITH_STATUS_LINK].sort()).toEqual(['already-in-line', 'callback-confirmed', 'callback-moved', 'joined', 'menu', 'more-time', 'transferred', 'waiting-remote']);
    expect(smsText({ kind: 'called', ticket: 'L-104', counterName: 'Counter 3', calledAt: 0 }, 'en', { name: 'Clinic', timeZone: 'UTC' }, LINK)).not.toContain(LINK);
  });
});

describe('the kiosk’s scanner', () => {
  const options = { ticketUrlPrefixes: ['http://hub.local:8080/wait/'], appointmentPattern: appointmentPattern() };

  it('knows a ticket of its site however the address is written, and no other', () => {
    expect(interpretScan('HTTP://Hub.Local:8080/wait/#AbCdEfGhIjKlMnOpQrStUvWx', options)).toMatchObject({ kind: 'ticket' });
    expect(interpretScan('https://wait.example.org/wait/#x', { ...options, ticketUrlPrefixes: ['https://wait.example.org:443/wait/'] })).toMatchObject({ kind: 'ticket' });
    expect(interpretScan('http://hub.local:8081/wait/#AbCdEfGhIjKlMnOpQrStUvWx', options)).toMatchObject({ kind: 'unknown' });
    expect(interpretScan('http://hub.local:8080/waiting/#x', options)).toMatchObject({ kind: 'unknown' });
    expect(interpretScan('http://hub.local:8080@evil.example/wait/#x', options)).toMatchObject({ kind: 'unknown' });
  });
});
