/**
 * The GSM modem gateway against a simulated modem on a socat pty pair: the
 * gateway opens one end as its serial port, the simulator speaks AT commands
 * on the other and decodes what was sent with node-pdu.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../hub/log.ts';
import type { GatewayHealth, IncomingSms, SmsGateway } from '../../hub/sms/gateway.ts';
import { createSmsGateway, smsGatewayConfigSchema } from '../../hub/sms/gateways/config.ts';
import { gsmModemOnPty, type GsmModemSimulator, type GsmModemSimulatorOptions } from '../helpers/gsm-modem-simulator.ts';

const PHONE = '+15551234567';
const SPANISH = 'Señora Núñez: le toca en Análisis clínicos, ventanilla 3. ¿Llegará a tiempo? Responda 1 (sí), 2 (más tiempo) o 0 (salir).';

interface Rig {
  gateway: SmsGateway;
  modem: GsmModemSimulator;
  incoming: IncomingSms[];
  health: GatewayHealth[];
  logLines: string[];
  /** Resolves once `condition` holds over what the gateway reported. */
  until(condition: () => boolean, what: string): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRig(config: Record<string, unknown> = {}, simulator: GsmModemSimulatorOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<Rig> {
  const { devicePath, modem, close } = await gsmModemOnPty(simulator);
  cleanups.push(close);
  const logLines: string[] = [];
  const log = createLogger('info', (line) => logLines.push(line));
  // Answering modems get plenty of time, so a busy test machine does not look like a silent modem.
  const parsed = smsGatewayConfigSchema.parse({ type: 'gsm-modem', path: devicePath, commandTimeoutMs: 2_000, sendTimeoutMs: 2_000, healthCheckMs: 100, ...config });
  const gateway = createSmsGateway(parsed, { log, env });
  const incoming: IncomingSms[] = [];
  const health: GatewayHealth[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((check) => check());
  await gateway.start({
    onIncoming: (sms) => (incoming.push(sms), wake()),
    onHealth: (report) => (health.push(report), wake()),
  });
  cleanups.push(() => gateway.stop());
  const until = (condition: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`The gateway did not report ${what}`))), 10_000);
      waiters.add(check);
      check();
    });
  return { gateway, modem, incoming, health, logLines, until };
}

describe('GSM modem gateway: sending', () => {
  it('sets the modem up and sends a plain text in text mode', async () => {
    const { gateway, modem, health, logLines } = await startRig();
    expect(health.at(-1)).toMatchObject({ ok: true });
    expect(modem.commands).toEqual(expect.arrayContaining(['ATE0', 'AT+CMEE=1', 'AT+CPIN?', 'AT+CMGF=0', 'AT+CNMI=2,1,0,0,0']));

    const text = 'Lobbyline: you are next at Lab, ticket L-004. Reply 1 if on your way, 2 for more time, 0 to leave.';
    const result = await gateway.send({ to: PHONE, text, idempotencyKey: 'n-1' });

    expect(result).toEqual({ ok: true, providerId: '1' });
    expect(modem.sent).toEqual([{ to: PHONE, text, mode: 'text', parts: 1, unicode: false }]);
    expect(modem.commands.slice(-3)).toEqual(['AT+CMGF=1', `AT+CMGS="${PHONE}",145`, 'AT+CMGF=0']);
    expect(logLines.join('')).not.toContain(PHONE);
    expect(logLines.join('')).not.toContain('ticket L-004');
  });

  it('sends accented Spanish as UCS-2 and long texts in concatenated parts, which arrive whole', async () => {
    const { gateway, modem } = await startRig();
    const longSpanish = `${SPANISH} ${SPANISH}`;
    const longPlain = 'Your place in line is kept. '.repeat(15).trim();

    expect(await gateway.send({ to: '+34612345678', text: SPANISH, idempotencyKey: 'es-1' })).toMatchObject({ ok: true });
    const long = await gateway.send({ to: '+34612345678', text: longSpanish, idempotencyKey: 'es-2' });
    expect(await gateway.send({ to: PHONE, text: longPlain, idempotencyKey: 'en-1' })).toMatchObject({ ok: true });
    expect(await gateway.send({ to: PHONE, text: 'Line one\nline two', idempotencyKey: 'en-2' })).toMatchObject({ ok: true });
    // Characters node-pdu alone would turn into spaces or count short: "ª" outside the GSM alphabet, "[" from its extension table.
    expect(await gateway.send({ to: '+34612345678', text: 'Suba a la 2ª planta [sala B]', idempotencyKey: 'es-3' })).toMatchObject({ ok: true });

    expect(modem.sent).toEqual([
      { to: '+34612345678', text: SPANISH, mode: 'pdu', parts: 2, unicode: true },
      { to: '+34612345678', text: longSpanish, mode: 'pdu', parts: 4, unicode: true },
      { to: PHONE, text: longPlain, mode: 'pdu', parts: 4, unicode: false },
      { to: PHONE, text: 'Line one\nline two', mode: 'pdu', parts: 1, unicode: false },
      { to: '+34612345678', text: 'Suba a la 2ª planta [sala B]', mode: 'pdu', parts: 1, unicode: true },
    ]);
    expect(long).toEqual({ ok: true, providerId: '3,4,5,6' });
  });

  it('reports +CMS ERROR as a failure: retryable for the network, not for a number that does not exist', async () => {
    const { gateway, modem } = await startRig();

    modem.failNextSend(38);
    const busy = await gateway.send({ to: PHONE, text: 'Hello', idempotencyKey: 'a' });
    expect(busy).toMatchObject({ ok: false, retryable: true });
    expect(busy.ok === false && busy.reason).toMatch(/\+CMS ERROR: 38.*network out of order/);

    modem.failNextSend(1);
    const unassigned = await gateway.send({ to: PHONE, text: 'Señora, su turno', idempotencyKey: 'b' });
    expect(unassigned).toMatchObject({ ok: false, retryable: false });
    expect(unassigned.ok === false && unassigned.reason).toMatch(/refused the number.*unassigned number/);

    expect(await gateway.send({ to: '5551234', text: 'Hello', idempotencyKey: 'c' })).toMatchObject({ ok: false, retryable: false });
    expect(modem.sent).toEqual([]);
    expect(await gateway.send({ to: PHONE, text: 'Hello', idempotencyKey: 'a' })).toMatchObject({ ok: true });
  });

  it('times out on a modem that stops answering, reports it, refuses sends, and recovers when it answers again', async () => {
    const { gateway, modem, health, until } = await startRig({ commandTimeoutMs: 1_000, sendTimeoutMs: 1_000 });
    modem.setAnswering(false);

    const lost = await gateway.send({ to: PHONE, text: 'Are you there?', idempotencyKey: 'x' });
    expect(lost).toMatchObject({ ok: false, retryable: true });
    expect(lost.ok === false && lost.reason).toMatch(/not answering/);
    expect(health.at(-1)).toMatchObject({ ok: false, message: expect.stringMatching(/not answering/) });
    expect(await gateway.send({ to: PHONE, text: 'Still there?', idempotencyKey: 'y' })).toMatchObject({ ok: false, retryable: true });

    const downAt = health.length;
    modem.setAnswering(true);
    await until(() => health.slice(downAt).some((report) => report.ok), 'the modem answering again');

    expect(await gateway.send({ to: PHONE, text: 'Back again', idempotencyKey: 'z' })).toMatchObject({ ok: true });
    expect(modem.sent.map((sms) => sms.text)).toEqual(['Back again']);
  });

  it('gives the SIM its PIN from the environment, and says so when the PIN is missing', async () => {
    const unlocked = await startRig({ pinEnv: 'TEST_SIM_PIN' }, { pin: '4321' }, { TEST_SIM_PIN: '4321' });
    expect(unlocked.health.at(-1)).toMatchObject({ ok: true });
    expect(unlocked.modem.commands).toContain('AT+CPIN="4321"');

    const locked = await startRig({}, { pin: '4321' });
    expect(locked.health.at(-1)).toMatchObject({ ok: false, message: expect.stringMatching(/asks for its PIN/) });
    expect(await locked.gateway.send({ to: PHONE, text: 'Hi', idempotencyKey: 'p' })).toMatchObject({ ok: false, retryable: true });

    expect(() => createSmsGateway(smsGatewayConfigSchema.parse({ type: 'gsm-modem', path: '/dev/ttyUSB2', pinEnv: 'TEST_SIM_PIN' }), { log: createLogger('error', () => {}), env: {} })).toThrow(
      /TEST_SIM_PIN/,
    );
    expect(() =>
      createSmsGateway(smsGatewayConfigSchema.parse({ type: 'gsm-modem', path: '/dev/ttyUSB2', pinEnv: 'TEST_SIM_PIN' }), { log: createLogger('error', () => {}), env: { TEST_SIM_PIN: '1234"\rATD112;' } }),
    ).toThrow(/must be 4 to 8 digits/);
  });
});

describe('GSM modem gateway: receiving', () => {
  it('reads stored texts on +CMTI, deletes them, and joins long ones', async () => {
    const { modem, incoming, until, logLines } = await startRig({ defaultCountry: 'ES' });

    modem.receive(PHONE, 'STOP');
    await until(() => incoming.length === 1, 'the STOP reply');
    expect(incoming[0]).toMatchObject({ from: PHONE, text: 'STOP' });
    await modem.until(() => modem.stored().length === 0, 'the read text deleted');
    expect(modem.commands).toEqual(expect.arrayContaining(['AT+CMGR=1', 'AT+CMGD=1']));

    modem.receive('612345678', `${SPANISH} ${SPANISH}`);
    await until(() => incoming.length === 2, 'the long reply');
    expect(incoming[1]).toMatchObject({ from: '+34612345678', text: `${SPANISH} ${SPANISH}` });
    await modem.until(() => modem.stored().length === 0, 'every part deleted');
    expect(logLines.join('')).not.toContain('612345678');
  });

  it('picks up texts that arrived while the gateway was not running', async () => {
    const { devicePath, modem, close } = await gsmModemOnPty();
    cleanups.push(close);
    modem.receive(PHONE, '1');
    const gateway = createSmsGateway(smsGatewayConfigSchema.parse({ type: 'gsm-modem', path: devicePath, commandTimeoutMs: 2_000 }), {
      log: createLogger('error', () => {}),
      env: {},
    });
    const incoming: IncomingSms[] = [];
    await gateway.start({ onIncoming: (sms) => incoming.push(sms) });
    cleanups.push(() => gateway.stop());

    expect(incoming).toMatchObject([{ from: PHONE, text: '1' }]);
    expect(modem.stored()).toEqual([]);
  });

  it('takes direct +CMT deliveries and acknowledges each with AT+CNMA', async () => {
    const { modem, incoming, until } = await startRig({ incoming: 'direct' });
    expect(modem.commands).toEqual(expect.arrayContaining(['AT+CSMS=1', 'AT+CNMI=2,2,0,0,0']));

    modem.receive('+34612345678', '0');
    modem.receive(PHONE, 'Ayuda, por favor: ¿dónde está la ventanilla?');
    await until(() => incoming.length === 2, 'both replies');

    expect(incoming).toMatchObject([
      { from: '+34612345678', text: '0' },
      { from: PHONE, text: 'Ayuda, por favor: ¿dónde está la ventanilla?' },
    ]);
    await modem.until(() => modem.unacknowledgedDeliveries() === 0, 'every delivery acknowledged');
    expect(modem.stored()).toEqual([]);
  });
});
