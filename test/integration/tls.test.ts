/**
 * The hub over TLS: a test CA and hub certificate made with openssl (the same
 * code provisioning uses), real MQTT clients over MQTTS and WSS, HTTPS
 * requests. A client that trusts the CA gets in; one that does not, or one
 * that speaks plain MQTT, is refused. A renewed certificate is served without
 * a restart.
 */
import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import { SESSION_COOKIE } from '../../hub/contract/desk.ts';
import { createLogger } from '../../hub/log.ts';
import { issueHubCertificate, siteCertificateAuthority, type CertificateFiles } from '../../firmware-config/provision/site-certificates.ts';
import { connectClient, tryConnect } from '../helpers/mqtt.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

const HUB_NAMES = ['localhost', '127.0.0.1'];

describe('the hub over TLS', () => {
  let dir: string;
  let ca: CertificateFiles;
  let caPem: string;
  let hubFiles: CertificateFiles;
  let hub: TestHub;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-tls-'));
    ca = await siteCertificateAuthority(join(dir, 'ca'), 'Test clinic');
    caPem = await readFile(ca.certFile, 'utf8');
    hubFiles = { certFile: join(dir, 'hub.crt'), keyFile: join(dir, 'hub.key') };
    await issueHubCertificate(ca, HUB_NAMES, hubFiles);
    hub = await startTestHub({
      site: { ...testSite(), tls: { ...hubFiles, caFile: ca.certFile } },
      logger: createLogger('info', (line) => logLines.push(line)),
      certificateCheckMs: 50,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('names its secure addresses', () => {
    expect(hub.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/mqtt$/);
  });

  it('lets an MQTT client that trusts the site CA in over MQTTS and over WSS', async () => {
    for (const url of [hub.mqttUrl, hub.wsUrl]) {
      const client = await connectClient(url, { ca: caPem, username: 'display-1', password: DEMO_PASSWORDS['display-1'] });
      try {
        const site = new Promise<Buffer>((resolve) => client.on('message', (_topic, payload) => resolve(payload)));
        await client.subscribeAsync(siteTopics(hub.engine.config.siteId).publicSite, { qos: 1 });
        expect(JSON.parse((await site).toString())).toMatchObject({ siteId: hub.engine.config.siteId });
      } finally {
        await client.endAsync();
      }
    }
  });

  it('is refused by an MQTT client that does not trust the CA, and refuses one that speaks plain MQTT', async () => {
    for (const url of [hub.mqttUrl, hub.wsUrl]) {
      const outcome = await tryConnect(url, { username: 'display-1', password: DEMO_PASSWORDS['display-1'] });
      expect(outcome).toMatchObject({ ok: false, message: 'unable to verify the first certificate' });
    }

    const plain = mqtt.connect(hub.mqttUrl.replace('mqtts:', 'mqtt:'), { username: 'display-1', password: DEMO_PASSWORDS['display-1'], reconnectPeriod: 0 });
    let connected = false;
    plain.on('connect', () => (connected = true));
    plain.on('error', () => {});
    await new Promise<void>((resolve) => plain.once('close', () => resolve()));
    expect(connected).toBe(false);
    await plain.endAsync(true);
  });

  it('serves HTTPS to a client that trusts the CA, and a client that does not refuses it', async () => {
    const health = await httpsRequest(`${hub.httpUrl}/healthz`, { ca: caPem });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');

    await expect(fetch(`${hub.httpUrl}/healthz`)).rejects.toMatchObject({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    await expect(httpsRequest(`${hub.httpUrl}/healthz`, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('marks the desk session cookie Secure over HTTPS', async () => {
    const signIn = await httpsRequest(`${hub.httpUrl}/desk/api/session`, {
      ca: caPem,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffId: 'mia', password: 'demo-mia' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = [signIn.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it('serves a renewed certificate without a restart, and keeps the old one while the renewal is half done', async () => {
    const port = { mqtt: Number(new URL(hub.mqttUrl).port), http: Number(new URL(hub.httpUrl).port) };
    const before = await servedFingerprint(port.mqtt, caPem);
    expect(await servedFingerprint(port.http, caPem)).toBe(before);

    const renewed = { certFile: join(dir, 'renewed.crt'), keyFile: join(dir, 'renewed.key') };
    await issueHubCertificate(ca, HUB_NAMES, renewed);
    const renewedFingerprint = await fingerprintOf(renewed.certFile);
    expect(renewedFingerprint).not.toBe(before);

    // The certificate first, its key a moment later: the new certificate with the old key does not load, so the old pair stays.
    const warned = waitForLog(logLines, 'still serving the previous one');
    await rename(renewed.certFile, hubFiles.certFile);
    expect(JSON.parse(await warned).level).toBe('warn');
    expect(await servedFingerprint(port.mqtt, caPem)).toBe(before);

    const reloaded = waitForLog(logLines, 'TLS certificate reloaded');
    await rename(renewed.keyFile, hubFiles.keyFile);
    await reloaded;
    expect(await servedFingerprint(port.mqtt, caPem)).toBe(renewedFingerprint);
    expect(await servedFingerprint(port.http, caPem)).toBe(renewedFingerprint);
  });

  it('connects the kiosk agent over MQTTS with the CA its configuration names, and not without it', async () => {
    const withCa = join(dir, 'kiosk-agent.json');
    const withoutCa = join(dir, 'kiosk-agent-no-ca.json');
    const config = (hubPart: object) =>
      JSON.stringify({ hub: { mqttUrl: hub.mqttUrl, siteId: hub.engine.config.siteId, ...hubPart }, device: { id: 'kiosk-1' }, scanner: { connection: 'none' } });
    await writeFile(withCa, config({ caFile: ca.certFile }));
    await writeFile(withoutCa, config({}));

    const refused = runAgent(withoutCa);
    try {
      await refused.logged('unable to verify the first certificate');
    } finally {
      await refused.stop();
    }
    const online = nextDeviceStatus(hub.broker, 'kiosk-1');
    const trusting = runAgent(withCa);
    try {
      expect(await online).toMatchObject({ deviceId: 'kiosk-1', online: true });
    } finally {
      await trusting.stop();
    }
  });

  it('refuses to start with a key that does not belong to the certificate, or a file that is missing, and says which', async () => {
    const other = { certFile: join(dir, 'other.crt'), keyFile: join(dir, 'other.key') };
    await issueHubCertificate(ca, HUB_NAMES, other);
    await expect(startTestHub({ dataDir: join(dir, 'refused'), site: { ...testSite(), tls: { certFile: hubFiles.certFile, keyFile: other.keyFile } } })).rejects.toThrow(
      /The TLS certificate .*hub\.crt and key .*other\.key named in the site file do not load together/,
    );
    await expect(startTestHub({ dataDir: join(dir, 'refused'), site: { ...testSite(), tls: { certFile: join(dir, 'missing.crt'), keyFile: other.keyFile } } })).rejects.toThrow(
      /Cannot read the TLS certificate file .*missing\.crt named in the site file/,
    );
  });
});

/** The real kiosk agent from a configuration file, its log lines collected. */
function runAgent(configFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'kiosk/agent/main.ts', '--config', configFile], {
    cwd: ROOT,
    env: { ...process.env, LOBBYLINE_KIOSK_PASSWORD: DEMO_PASSWORDS['kiosk-1'] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async logged(text: string): Promise<void> {
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`the agent exited: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsRequest(url: string, options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.ca && { ca: options.ca }) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The SHA-256 fingerprint of the certificate the hub serves on `port` to a client that trusts `ca`. */
async function servedFingerprint(port: number, ca: string): Promise<string> {
  const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
  try {
    await once(socket, 'secureConnect');
    return socket.getPeerCertificate().fingerprint256;
  } finally {
    socket.destroy();
  }
}

async function fingerprintOf(certFile: string): Promise<string> {
  return new X509Certificate(await readFile(certFile)).fingerprint256;
}

/** The next log line containing `text`, once it is written. */
async function waitForLog(lines: string[], text: string): Promise<string> {
  const start = lines.length;
  for (;;) {
    const found = lines.slice(start).find((line) => line.includes(text));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
