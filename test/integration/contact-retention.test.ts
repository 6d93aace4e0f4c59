/**
 * Phone numbers leave the hub after the visit plus the retention window: from
 * the live line, from every stored event and snapshot, and a replay agrees.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubContext } from '../../hub/context.ts';
import { ContactRetention } from '../../hub/retention/contact-retention.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { ConsoleSmsGateway } from '../../hub/sms/gateways/console-gateway.ts';
import { startSmsNotifier } from '../../hub/sms/service.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { all, closeDatabase, openDatabase } from '../../hub/store/sqlite.ts';
import { clinicConfig, command, MORNING } from '../helpers/queue.ts';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('contact retention', () => {
  it('deletes the numbers of finished visits from the line, the events and the snapshots, and keeps the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-retention-'));
    dirs.push(dir);
    const file = join(dir, 'events.sqlite');
    let now = MORNING;
    const config = { ...clinicConfig(), contactRetentionHours: 24 };
    const open = async () => {
      const log = await EventLog.open(file);
      const engine = await QueueEngine.open({ config, log, clock: () => now, snapshotEvery: 3 });
      return { log, engine };
    };
    const { log, engine } = await open();
    const staff = { kind: 'staff' as const, id: 'ana' };
    const run = async (type: string, payload: object) => {
      const outcome = await engine.execute(command(type, payload), staff);
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { entryId: string };
    };
    const done = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550101' });
    const waiting = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550102' });
    await run('set-counter-status', { counterId: 'c1', status: 'open' });
    await run('call-next', { counterId: 'c1' });
    await run('start-serving', { entryId: done.entryId });
    await run('complete', { entryId: done.entryId });

    const logger = createLogger('error', () => {});
    const retention = new ContactRetention({ engine, log, retentionHours: 24, otherStores: [], context: hubContext({ logger, clock: () => now }) });
    now += 23 * HOUR;
    await retention.runOnce();
    expect(engine.state.entries[done.entryId]!.phone).toBe('+12125550101'); // not yet

    now += 2 * HOUR;
    await retention.runOnce();
    expect(engine.state.entries[done.entryId]!.phone).toBeNull();
    expect(engine.state.entries[waiting.entryId]!.phone).toBe('+12125550102');
    await retention.stop();
    await engine.close();
    await log.close();

    const db = await openDatabase(file, sqlite3.OPEN_READONLY);
    const stored = [
      ...(await all<{ text: string }>(db, 'SELECT data AS text FROM events')),
      ...(await all<{ text: string }>(db, 'SELECT state AS text FROM snapshots')),
    ].map((row) => row.text);
    const snapshots = await all<{ seq: number }>(db, 'SELECT seq FROM snapshots');
    await closeDatabase(db);
    expect(snapshots.length).toBeGreaterThan(0);
    expect(stored.filter((text) => text.includes('2125550101'))).toEqual([]);
    expect(stored.some((text) => text.includes('2125550102'))).toBe(true);

    const reopened = await open();
    expect(reopened.engine.state.entries[done.entryId]!.phone).toBeNull();
    expect(reopened.engine.state.entries[waiting.entryId]!.phone).toBe('+12125550102');
    await reopened.engine.close();
    await reopened.log.close();
  });

  it('deletes the reason and the notes with the number, where the number is deleted: line, events, snapshots, and a replay agrees', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-retention-'));
    dirs.push(dir);
    const file = join(dir, 'events.sqlite');
    let now = MORNING;
    const config = { ...clinicConfig(), contactRetentionHours: 24 };
    const open = async () => {
      const log = await EventLog.open(file);
      const engine = await QueueEngine.open({ config, log, clock: () => now, snapshotEvery: 3 });
      return { log, engine };
    };
    const { log, engine } = await open();
    const run = async (type: string, payload: object) => {
      const outcome = await engine.execute(command(type, payload), { kind: 'staff', id: 'ana' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { entryId: string };
    };
    // One finished caller with a number, one finished walk-in without one (words only), one still waiting.
    const caller = await run('enroll', { serviceId: 'lab', channel: 'phone', phone: '+12125550111', reason: 'Reason-CALLER', note: 'Note-CALLER' });
    const walkIn = await run('enroll', { serviceId: 'lab', channel: 'kiosk', reason: 'Reason-WALKIN' });
    const waiting = await run('enroll', { serviceId: 'lab', channel: 'remote', reason: 'Reason-WAITING', note: 'Note-WAITING' });
    await run('add-note', { entryId: caller.entryId, text: 'Added-CALLER' });
    await run('add-note', { entryId: walkIn.entryId, text: 'Added-WALKIN' });
    await run('add-note', { entryId: waiting.entryId, text: 'Added-WAITING' });
    await run('set-counter-status', { counterId: 'c1', status: 'open' });
    for (const entry of [caller, walkIn]) {
      await run('call-entry', { counterId: 'c1', entryId: entry.entryId });
      await run('start-serving', { entryId: entry.entryId });
      await run('complete', { entryId: entry.entryId });
    }

    const retention = new ContactRetention({ engine, log, retentionHours: 24, otherStores: [], context: hubContext({ logger: createLogger('error', () => {}), clock: () => now }) });
    now += 25 * 3_600_000;
    await retention.runOnce();
    await retention.stop();
    for (const entry of [caller, walkIn]) expect(engine.state.entries[entry.entryId]).toMatchObject({ phone: null, reason: null, notes: [] });
    expect(engine.state.entries[waiting.entryId]).toMatchObject({ reason: 'Reason-WAITING', notes: [{ text: 'Note-WAITING' }, { text: 'Added-WAITING' }] });
    await engine.close();
    await log.close();

    const db = await openDatabase(file, sqlite3.OPEN_READONLY);
    const stored = [
      ...(await all<{ text: string }>(db, 'SELECT data AS text FROM events')),
      ...(await all<{ text: string }>(db, 'SELECT state AS text FROM snapshots')),
    ].map((row) => row.text);
    const snapshotCount = (await all<{ seq: number }>(db, 'SELECT seq FROM snapshots')).length;
    await closeDatabase(db);
    expect(snapshotCount).toBeGreaterThan(0);
    expect(stored.filter((text) => /CALLER|WALKIN|2125550111/.test(text))).toEqual([]);
    expect(stored.some((text) => text.includes('Reason-WAITING'))).toBe(true);
    expect(stored.some((text) => text.includes('Added-WAITING'))).toBe(true);

    const reopened = await open();
    expect(reopened.engine.state.entries[caller.entryId]).toMatchObject({ phone: null, reason: null, notes: [] });
    expect(reopened.engine.state.entries[waiting.entryId]!.notes!.map((n) => n.text)).toEqual(['Note-WAITING', 'Added-WAITING']);
    await reopened.engine.close();
    await reopened.log.close();
  });

  it("also deletes the numbers of visits the line has dropped at a new day's start", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-retention-'));
    dirs.push(dir);
    const file = join(dir, 'events.sqlite');
    let now = MORNING;
    const log = await EventLog.open(file);
    const engine = await QueueEngine.open({ config: { ...clinicConfig(), contactRetentionHours: 24 }, log, clock: () => now });
    const run = async (type: string, payload: object) => {
      const outcome = await engine.execute(command(type, payload), { kind: 'staff', id: 'ana' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { entryId: string };
    };
    const yesterday = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550103' });
    await run('cancel', { entryId: yesterday.entryId, reason: 'left' });
    now += 23 * HOUR; // the next morning: the first ticket of the day drops yesterday's finished visits
    const today = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550104' });
    expect(engine.state.entries[yesterday.entryId]).toBeUndefined();

    const retention = new ContactRetention({
      engine,
      log,
      retentionHours: 24,
      otherStores: [],
      context: hubContext({ logger: createLogger('error', () => {}), clock: () => now }),
    });
    now += 2 * HOUR;
    await retention.runOnce();
    await retention.stop();
    await engine.close();
    await log.close();

    const db = await openDatabase(file, sqlite3.OPEN_READONLY);
    const stored = (await all<{ data: string }>(db, 'SELECT data FROM events')).map((row) => row.data).join('\n');
    await closeDatabase(db);
    expect(stored).not.toContain('2125550103');
    expect(stored).toContain('2125550104');
    expect(today.entryId).toBeTruthy();
  });

  it('is the one scheduler: one purge reaches the line and the SMS outbox, and the notifier alone forgets nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-retention-'));
    dirs.push(dir);
    const smsFile = join(dir, 'sms.sqlite');
    let now = MORNING;
    const site = demoSite();
    const log = await EventLog.open(join(dir, 'events.sqlite'));
    const engine = await QueueEngine.open({ config: { ...queueConfigOf(site), contactRetentionHours: 24 }, log, clock: () => now });
    const context = hubContext({ logger: createLogger('error', () => {}), clock: () => now });
    const startNotifier = () =>
      startSmsNotifier({
        engine,
        site,
        config: smsConfigSchema.parse({ gateway: { type: 'console' }, retentionHours: 24 }),
        gateway: new ConsoleSmsGateway({ print: () => {} }),
        dbPath: smsFile,
        act: async () => ({ ok: true }),
        context,
      });
    const outboxPhones = async () => {
      const db = await openDatabase(smsFile, sqlite3.OPEN_READONLY);
      const rows = await all<{ phone: string | null }>(db, 'SELECT phone FROM outbox');
      await closeDatabase(db);
      return rows.map((row) => row.phone);
    };
    const run = async (type: string, payload: object) => {
      const outcome = await engine.execute(command(type, payload), { kind: 'staff', id: 'ana' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { entryId: string };
    };

    let notifier = await startNotifier();
    const visit = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550105' });
    await notifier.flush();
    await run('cancel', { entryId: visit.entryId, reason: 'left' });
    await notifier.flush();
    expect(await outboxPhones()).toEqual(['+12125550105']);

    // Past the retention window, a notifier started on its own neither purges nor sets a timer to.
    now += 25 * HOUR;
    await notifier.stop();
    vi.useFakeTimers({ toFake: ['setInterval', 'setTimeout'] });
    try {
      notifier = await startNotifier();
      await notifier.flush();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(await outboxPhones()).toEqual(['+12125550105']);
    expect(engine.state.entries[visit.entryId]!.phone).toBe('+12125550105');

    const retention = new ContactRetention({ engine, log, retentionHours: 24, otherStores: [notifier], context });
    await retention.runOnce();
    expect(engine.state.entries[visit.entryId]!.phone).toBeNull();
    expect(await outboxPhones()).toEqual([null]);

    await retention.stop();
    await notifier.stop();
    await engine.close();
    await log.close();
  });
});
