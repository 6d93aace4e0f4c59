/**
 * A lobby display in headless Chromium against a hub with TLS: the page loads
 * over HTTPS and its MQTT connection goes over WSS on the same port. Chromium
 * is told to trust the test hub's key alone (an SPKI pin), as a site's screens
 * trust the site CA; without it the page does not load.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHubCertificate, siteCertificateAuthority } from '../../firmware-config/provision/site-certificates.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

describe('a lobby display over HTTPS and WSS', () => {
  let dir: string;
  let hub: TestHub;
  let hubKeyPin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-tls-browser-'));
    const ca = await siteCertificateAuthority(join(dir, 'ca'), 'Test clinic');
    const files = { certFile: join(dir, 'hub.crt'), keyFile: join(dir, 'hub.key') };
    await issueHubCertificate(ca, ['localhost', '127.0.0.1'], files);
    const spki = new X509Certificate(await readFile(files.certFile)).publicKey.export({ type: 'spki', format: 'der' });
    hubKeyPin = createHash('sha256').update(spki).digest('base64');
    hub = await startTestHub({ site: { ...testSite(), tls: files } });
  });
  afterAll(async () => {
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const launch = (pin: boolean) =>
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', ...(pin ? [`--ignore-certificate-errors-spki-list=${hubKeyPin}`] : [])] });
  const displayUrl = () => `${hub.httpUrl}/display/?site=${hub.engine.config.siteId}&device=display-1&key=${DEMO_PASSWORDS['display-1']}`;

  it('loads over HTTPS and comes online over WSS in a browser that trusts the hub', async () => {
    const browser = await launch(true);
    try {
      const online = nextDeviceStatus(hub.broker, 'display-1');
      const page = await browser.newPage();
      await page.goto(displayUrl());
      expect(await online).toMatchObject({ deviceId: 'display-1', online: true });
    } finally {
      await browser.close();
    }
  });

  it('does not load in a browser that does not', async () => {
    const browser = await launch(false);
    try {
      const page = await browser.newPage();
      await expect(page.goto(displayUrl())).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await browser.close();
    }
  });
});
