/**
 * The whole SMS path through a running hub: a remote waiter with a phone
 * number moves up, the hub texts "you're next" through a GSM modem (a
 * simulator on the far end of a socat pty pair), retries when the modem
 * refuses the first attempt, and a reply "0" takes the person out of the line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSite } from '../../hub/site/demo.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { gsmModemOnPty, type GsmModemSimulator } from '../helpers/gsm-modem-simulator.ts';
import { startTestHub, TEST_API_KEY, type TestHub } from '../helpers/hub.ts';

const PHONE = '+12125550199';
let hub: TestHub;
let modem: GsmModemSimulator;
let closeModem: () => Promise<void>;

beforeAll(async () => {
  const pty = await gsmModemOnPty();
  modem = pty.modem;
  closeModem = pty.close;
  const site = demoSite(TEST_API_KEY);
  site.sms = smsConfigSchema.parse({
    gateway: { type: 'gsm-modem', path: pty.devicePath, commandTimeoutMs: 2_000, healthCheckMs: 1_000 },
    rules: { placeWithin: 1 },
    backoff: { firstSeconds: 0.05, maxSeconds: 0.2 },
  });
  hub = await startTestHub({ site });
});
afterAll(async () => {
  await hub?.stop();
  await closeModem?.();
});

function untilCommitted(test: () => boolean): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve) => hub.engine.onCommitted(() => test() && resolve()));
}

describe('texts through a GSM modem', () => {
  it("texts you're next (after a refused first attempt), and a reply 0 leaves the line", async () => {
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const me = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'remote', language: 'es', phone: PHONE });
    expect(me.status).toBe(201);
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });

    modem.failNextSend(500); // "unknown error": worth trying again
    await hub.api('POST', '/counters/c1/call-next');
    const [next] = await modem.waitForSent(1);
    expect(next!.to).toBe(PHONE);
    expect(next!.text).toContain(me.body.ticket);
    expect(modem.commands.filter((command) => command.startsWith('AT+CMGS')).length).toBeGreaterThanOrEqual(2);

    modem.receive(PHONE, '0');
    await untilCommitted(() => hub.engine.state.entries[me.body.entryId]!.status === 'cancelled');
    const entry = await hub.api('GET', `/entries/${me.body.entryId}`);
    expect(entry.body.status).toBe('cancelled');
    expect(hub.engine.state.entries[me.body.entryId]!.cancelReason).toBe('left');

    // The reply is answered, in the person's language, and read texts are deleted from the SIM.
    const sent = await modem.waitForSent(2);
    expect(sent[1]!.to).toBe(PHONE);
    expect(sent[1]!.text).not.toBe(next!.text);
    await modem.until(() => modem.stored().length === 0, 'the reply deleted from the SIM');
  });
});
