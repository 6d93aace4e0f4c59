/**
 * The SMS notifier on a real engine and real SQLite files, sending through the
 * console gateway (the demo's outbox) and answering replies typed into it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubContext } from '../../hub/context.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import type { Actor } from '../../hub/queue/index.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { ConsoleSmsGateway } from '../../hub/sms/gateways/console-gateway.ts';
import { maskPhone } from '../../hub/sms/mask-phone.ts';
import { startSmsNotifier, type SmsNotifier } from '../../hub/sms/service.ts';
import { queueActions } from '../../hub/sms/queue-actions.ts';
import type { PersonAction } from '../../hub/sms/replies.ts';
import { EventLog } from '../../hub/store/event-log.ts';

const ANA = '+12015550101';
const BEN = '+12015550102';
const CARLA = '+12015550103';
const STRANGER = '+12015550199';
const HOUR = 3_600_000;
const staff: Actor = { kind: 'staff', id: 'mia' };
const site = demoSite();

let dir: string;
let clock: number;
let log: EventLog;
let engine: QueueEngine;
let notifier: SmsNotifier;
let gateway: ConsoleSmsGateway;
/** Every text the console gateway showed, as [masked number, text]. */
let shown: Array<[string, string]>;
let logLines: string[];
let acted: Array<[string, PersonAction]>;

async function startNotifier(sms: Record<string, unknown> = {}, gatewayOptions: { file?: string } = {}) {
  gateway = new ConsoleSmsGateway({ ...gatewayOptions, print: (block) => shown.push(parseShown(block)) });
  const act = queueActions(engine);
  notifier = await startSmsNotifier({
    engine,
    site,
    config: smsConfigSchema.parse({ gateway: { type: 'console' }, helpText: { en: 'Questions? Ask at the front desk.' }, ...sms }),
    gateway,
    dbPath: join(dir, 'sms.sqlite'),
    act: (entryId, action) => {
      acted.push([entryId, action]);
      return act(entryId, action);
    },
    context: hubContext({ logger: createLogger('debug', (line) => logLines.push(line)), clock: () => clock }),
  });
}

/** "SMS to +1•••••0101 (console-1)\n  │ line…" → [masked number, text]. */
function parseShown(block: string): [string, string] {
  const [head, ...body] = block.trimEnd().split('\n');
  return [head!.split(' ')[2]!, body.map((line) => line.replace(/^ {2}│ /, '')).join('\n')];
}

const textsTo = (phone: string) => shown.filter(([to]) => to === maskPhone(phone)).map(([, text]) => text);

/** Runs a command as staff and waits for the texts it caused; returns the entry's id when it has one. */
async function run(command: Parameters<QueueEngine['execute']>[0]): Promise<string> {
  const result = await engine.execute(command, staff);
  if (!result.ok) throw new Error(result.error.message);
  await notifier.flush();
  return 'entryId' in result.result ? result.result.entryId : '';
}

const join_ = (phone: string | undefined, extra: { language?: string; serviceId?: string } = {}) =>
  run({ type: 'enroll', serviceId: extra.serviceId ?? 'lab', channel: 'remote', ...(phone && { phone }), ...(extra.language && { language: extra.language }) });

async function reply(from: string, text: string): Promise<void> {
  gateway.receive({ from, text });
  await notifier.flush();
}

function query<T>(sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(join(dir, 'sms.sqlite'), sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr);
      db.all<T>(sql, (err, rows) => db.close(() => (err ? reject(err) : resolve(rows))));
    });
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-sms-'));
  clock = Date.parse('2026-03-02T14:00:00Z');
  shown = [];
  logLines = [];
  acted = [];
  log = await EventLog.open(join(dir, 'events.sqlite'));
  engine = await QueueEngine.open({ config: queueConfigOf(site), log, clock: () => clock });
  await startNotifier();
});

afterEach(async () => {
  await notifier.stop();
  await engine.close();
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

describe('texts about the line', () => {
  it('texts people as they come near the front, once each, even across a restart', async () => {
    await join_(ANA);
    await join_(BEN);
    await join_(CARLA);
    expect(textsTo(ANA)).toEqual([
      'Demo Clinic: ticket L-001 (Lab tests), we will call you soon. Please come to the waiting area. Reply 1 on my way, 2 more time, 0 leave the line.',
    ]);
    expect(textsTo(BEN)).toHaveLength(1);
    expect(textsTo(CARLA)).toEqual([]);

    await notifier.stop();
    await startNotifier();
    await notifier.flush();
    await run({ type: 'set-counter-status', counterId: 'c1', status: 'open' });
    expect(shown).toHaveLength(2);

    await run({ type: 'call-next', counterId: 'c1' });
    // 14:00 UTC is 9:00 in the morning at the demo site (America/New_York), whatever zone this machine is in.
    expect(textsTo(ANA).at(-1)).toBe('Demo Clinic: ticket L-001, called at 9:00 AM: please go to Counter 1 now. Reply 1 on my way, 0 leave the line.');
    expect(textsTo(CARLA)).toHaveLength(1);
    expect(shown).toHaveLength(4);
  });

  it('texts in Spanish for a Spanish speaker', async () => {
    await join_(ANA, { language: 'es' });
    await run({ type: 'set-counter-status', counterId: 'c2', status: 'open' });
    await run({ type: 'call-next', counterId: 'c2' });
    expect(textsTo(ANA)).toEqual([
      'Demo Clinic: turno L-001 (Análisis de laboratorio), le llamaremos pronto. Venga a la sala de espera. Responda 1 voy en camino, 2 necesito unos minutos, 0 dejar la fila.',
      'Demo Clinic: turno L-001, llamado a las 9:00: pase ahora a Ventanilla 2. Responda 1 voy en camino, 0 dejar la fila.',
    ]);
  });

  it('never names a sensitive service', async () => {
    await notifier.stop();
    await startNotifier({ sensitiveServiceIds: ['xray'] });
    await join_(undefined, { serviceId: 'xray' });
    const ana = await join_(ANA);
    await run({ type: 'transfer', entryId: ana, toServiceId: 'xray', keepPlace: false });
    expect(textsTo(ANA).slice(1)).toEqual([
      'Demo Clinic: ticket L-001 is now in the line for your next step. You are number 2.',
      'Demo Clinic: ticket L-001, we will call you soon. Please come to the waiting area. Reply 1 on my way, 2 more time, 0 leave the line.',
    ]);
    expect(shown.map(([, text]) => text).join('\n')).not.toMatch(/X-ray|Rayos/);
  });
});

describe('replies', () => {
  it('STOP stops every text, with one confirmation; START turns them on again', async () => {
    await join_(ANA);
    await join_(BEN);
    await reply('(201) 555-0101', 'Stop');
    await reply(ANA, 'STOP');
    expect(textsTo(ANA).slice(1)).toEqual(['Demo Clinic: you will get no more texts from us. Reply START to get them again.']);

    await run({ type: 'set-counter-status', counterId: 'c1', status: 'open' });
    const called = await run({ type: 'call-next', counterId: 'c1' });
    await reply(ANA, '1');
    await reply(ANA, 'hello?');
    expect(textsTo(ANA)).toHaveLength(2);
    expect(acted).toEqual([]);
    // HELP is still answered, as carriers require.
    await reply(ANA, 'HELP');
    expect(textsTo(ANA)).toHaveLength(3);
    expect(textsTo(ANA)[2]).toMatch(/STOP|START/);

    await reply(ANA, 'start');
    await run({ type: 'recall', entryId: called });
    expect(textsTo(ANA).slice(3)).toEqual([
      'Demo Clinic: texts are on again. Reply STOP to stop them, HELP for help.',
      'Demo Clinic: ticket L-001, we are calling you again. Please go to Counter 1 now.',
    ]);
    expect(await query('SELECT phone FROM opt_outs')).toEqual([]);
  });

  it('0 takes the sender out of the line through the queue, and says so', async () => {
    const earlier = await join_(BEN);
    await run({ type: 'cancel', entryId: earlier });
    await join_(ANA);
    const ben = await join_(BEN);
    await reply(BEN, ' 0 ');
    expect(acted).toEqual([[ben, 'leave']]);
    expect(engine.state.entries[ben]).toMatchObject({ status: 'cancelled', cancelReason: 'left' });
    expect(textsTo(BEN).at(-1)).toBe('Ticket L-003 has left the line. Thank you for letting us know.');
  });

  it('1 and 2 answer with a confirmation or the line\'s reason for refusing', async () => {
    const ana = await join_(ANA);
    await join_(BEN);
    await reply(ANA, '1');
    expect(engine.state.entries[ana]!.onMyWayAt).toBe(clock);
    await reply(BEN, '2');
    expect(textsTo(ANA).at(-1)).toBe('Thanks, staff can see ticket L-001 is on the way.');
    expect(textsTo(BEN).at(-1)).toBe('Sorry, that did not work: L-002 is already last in line');
    expect(acted).toEqual([
      [ana, 'on-my-way'],
      [expect.any(String), 'more-time'],
    ]);
  });

  it('HERE and AQUI say "I\'m here" through the queue, in the person\'s language, while 1, 2 and 0 keep working', async () => {
    const ana = await join_(ANA);
    const ben = await join_(BEN, { language: 'es' });
    clock += 5 * 60_000;
    await reply(ANA, "I'm here");
    await reply(BEN, 'Aquí');
    expect(engine.state.entries[ana]!.arrivedAt).toBe(clock);
    expect(engine.state.entries[ben]!.arrivedAt).toBe(clock);
    expect(textsTo(ANA).at(-1)).toBe('Thanks, staff can see ticket L-001 is here. Please wait in the waiting area.');
    expect(textsTo(BEN).at(-1)).toBe('Gracias, el personal sabe que el turno L-002 ya llego. Espere en la sala de espera.');
    const arrived = (await log.readEvents(0, 100)).filter((e) => e.data.type === 'entry.arrived');
    expect(arrived.map((e) => [e.data, e.actor.kind])).toEqual([
      [{ type: 'entry.arrived', entryId: ana, via: 'text' }, 'person'],
      [{ type: 'entry.arrived', entryId: ben, via: 'text' }, 'person'],
    ]);
    await reply(ANA, '1');
    expect(acted).toEqual([
      [ana, 'arrived'],
      [ben, 'arrived'],
      [ana, 'on-my-way'],
    ]);
  });

  it('answers anything else with the menu, at most every few minutes', async () => {
    await join_(ANA);
    await reply(ANA, 'where do I go?');
    await reply(ANA, 'hello??');
    expect(textsTo(ANA).slice(1)).toEqual(['Ticket L-001: Reply 1 on my way, 2 more time, 0 leave the line.']);
  });

  it('answers HELP, and a stranger at most once a day', async () => {
    await reply(STRANGER, 'AYUDA');
    await reply(STRANGER, 'hi');
    await reply(STRANGER, '0');
    await reply(STRANGER, 'hi again');
    clock += 25 * HOUR;
    await reply(STRANGER, 'anyone?');
    const help = 'Demo Clinic: texts about your place in line. Questions? Ask at the front desk. Reply STOP to stop, START to restart.';
    expect(textsTo(STRANGER)).toEqual([
      'Demo Clinic: mensajes sobre su turno. Questions? Ask at the front desk. Responda PARAR para dejarlos, START para volver.',
      help,
      help,
    ]);
    expect(acted).toEqual([]);
  });

  it('ignores a sender that is not a phone number it could answer', async () => {
    await reply('ACME-ALERTS', 'Your parcel is on its way');
    expect(shown).toEqual([]);
  });
});

describe('health, failures and personal data', () => {
  it('counts failed texts in the health detail and logs them with the number masked', async () => {
    await notifier.stop();
    await startNotifier({ maxAttempts: 1 }, { file: join(dir, 'no-such-dir', 'texts.log') });
    expect(notifier.health()).toMatchObject({ connected: true, detail: 'Texts are shown on the terminal, not sent' });
    await join_(ANA);
    expect(notifier.health()).toEqual({
      connected: true,
      since: new Date(clock).toISOString(),
      detail: 'Texts are shown on the terminal, not sent; 1 text failed in the last hour',
      failedLastHour: 1,
    });
    clock += HOUR + 1;
    expect(notifier.health().detail).toBe('Texts are shown on the terminal, not sent');
    const warnings = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 'warn');
    expect(warnings).toEqual([expect.objectContaining({ message: 'SMS failed', to: maskPhone(ANA), attempts: 1 })]);
    expect(logLines.join('\n')).not.toContain(ANA.slice(2));
    expect(logLines.join('\n')).not.toContain('waiting area');
  });

  it('drops a text still waiting for another try once the visit is over', async () => {
    await notifier.stop();
    await startNotifier({}, { file: join(dir, 'no-such-dir', 'texts.log') });
    const ana = await join_(ANA);
    expect(await query('SELECT status, attempts FROM outbox')).toEqual([{ status: 'pending', attempts: 1 }]);
    await run({ type: 'cancel', entryId: ana });
    expect(await query('SELECT status, last_error FROM outbox')).toEqual([{ status: 'cancelled', last_error: 'the visit ended' }]);
  });

  it('forgets numbers and texts after the visit ends (or, without a visit, once old enough), but keeps STOP', async () => {
    const ana = await join_(ANA);
    await join_(BEN);
    await reply(CARLA, 'STOP');
    await run({ type: 'cancel', entryId: ana });
    clock += HOUR;
    expect(await notifier.purgeContacts(new Date(clock - 2 * HOUR))).toBe(0);
    expect(await notifier.purgeContacts(new Date(clock))).toBe(2);
    const rows = await query<{ entry_id: string | null; phone: string | null; text: string | null; status: string }>(
      'SELECT entry_id, phone, text, status FROM outbox ORDER BY id',
    );
    expect(rows.map((r) => [r.entry_id === ana, r.phone, r.text === null, r.status])).toEqual([
      [true, null, true, 'sent'],
      [false, BEN, false, 'sent'],
      [false, null, true, 'sent'],
    ]);
    expect(await query('SELECT phone FROM opt_outs')).toEqual([{ phone: CARLA }]);
  });

  it('refuses settings that name a service the site does not have', async () => {
    await expect(
      startSmsNotifier({
        engine,
        site,
        config: smsConfigSchema.parse({ gateway: { type: 'console' }, sensitiveServiceIds: ['dental'] }),
        gateway: new ConsoleSmsGateway({ print: () => {} }),
        dbPath: join(dir, 'other.sqlite'),
        act: async () => ({ ok: true }),
        context: hubContext({ logger: createLogger('error', () => {}) }),
      }),
    ).rejects.toThrow('The SMS settings name services the site does not have: dental');
  });
});
