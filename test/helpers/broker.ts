/**
 * A hub broker on an ephemeral port with a few devices from a pretend site file,
 * for tests of the broker's own rules. Commands are answered by a fake: the
 * queue engine is tested elsewhere.
 */
import { hashSecret } from '../../hub/access/credentials.ts';
import type { DeviceIdentity } from '../../hub/access/index.ts';
import { startBroker, type BrokerOptions, type HubBroker } from '../../hub/broker/broker.ts';

export const DEVICES: Record<string, DeviceIdentity> = {
  'kiosk-1': { deviceId: 'kiosk-1', role: 'kiosk' },
  'kiosk-2': { deviceId: 'kiosk-2', role: 'kiosk' },
  'desk-1': { deviceId: 'desk-1', role: 'desk' },
  'button-c1': { deviceId: 'button-c1', role: 'counter', counterId: 'c1' },
};
export const devicePassword = (deviceId: string) => `secret-of-${deviceId}`;
// Hashed once for the file: scrypt is deliberately slow.
const HASHES = Object.fromEntries(Object.keys(DEVICES).map((id) => [id, hashSecret(devicePassword(id))]));

export interface TestBroker {
  broker: HubBroker;
  url: string;
  /** The broker's clock; tests move it forward. */
  clock: { now: number };
  logs: { level: string; message: string; fields: Record<string, unknown> }[];
}

export async function startTestBroker(siteId: string, overrides: Partial<BrokerOptions> = {}): Promise<TestBroker> {
  const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
  const logs: TestBroker['logs'] = [];
  const broker = await startBroker({
    siteId,
    host: '127.0.0.1',
    mqttPort: 0,
    allowAnonymousPublicRead: true,
    findDevice: (username) => {
      const identity = DEVICES[username];
      return identity && { identity, secretHash: HASHES[username]! };
    },
    executeCommand: async () => ({ ok: true, result: {} }),
    clock: () => clock.now,
    log: (level, message, fields) => logs.push({ level, message, fields }),
    ...overrides,
  });
  return { broker, url: `mqtt://127.0.0.1:${broker.port}`, clock, logs };
}
