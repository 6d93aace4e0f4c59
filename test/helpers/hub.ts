/** Starts a real hub in this process: real SQLite file, real broker on ephemeral ports. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub, type HubOptions } from '../../hub/app.ts';
import { createLogger } from '../../hub/log.ts';
import { demoSite } from '../../hub/site/demo.ts';
import type { SiteConfig } from '../../hub/site/config.ts';
import type { HubBroker } from '../../hub/broker/broker.ts';
import type { DeviceStatus } from '../../hub/contract/index.ts';

export const TEST_API_KEY = 'test-api-key-0123456789';
/** Demo device passwords, as documented in README.md. */
export const DEMO_PASSWORDS = {
  'kiosk-1': 'demo-kiosk-1',
  'display-1': 'demo-display-1',
  'desk-1': 'demo-desk-1',
  'button-c1': 'demo-button-c1',
} as const;

export interface TestHub extends Hub {
  dataDir: string;
  api: RestApi;
  stop: () => Promise<void>;
}

export type RestApi = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;

/** REST calls to a hub at `baseUrl` with the test API key; a string body is sent as it is. */
export function restApi(baseUrl: string): RestApi {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** The demo site with the test API key and without its console SMS gateway, whose texts would fill the test output; SMS tests bring their own. */
export function testSite(): SiteConfig {
  const { sms: _console, ...site } = demoSite(TEST_API_KEY);
  return site;
}

export async function startTestHub(options: Partial<HubOptions> & { dataDir?: string } = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lobbyline-hub-')));
  const hub = await startHub({
    site: testSite(),
    httpPort: 0,
    mqttPort: 0,
    host: '127.0.0.1',
    logger: createLogger('error', () => {}),
    ...options,
    dataDir,
  });
  return {
    ...hub,
    dataDir,
    api: restApi(hub.httpUrl),
    async stop() {
      await hub.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The next status a device publishes that passes `match` (by default: it came online). */
export function nextDeviceStatus(
  broker: Pick<HubBroker, 'onDeviceStatus'>,
  deviceId: string,
  match: (status: DeviceStatus) => boolean = (status) => status.online,
): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    const stop = broker.onDeviceStatus((status) => {
      if (status.deviceId !== deviceId || !match(status)) return;
      stop();
      resolve(status);
    });
  });
}
