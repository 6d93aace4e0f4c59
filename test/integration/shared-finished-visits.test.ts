/**
 * The engine's committed and pending states share one frozen copy of each finished visit
 * (hub/engine/shared-entries.ts). The changes a finished visit can still see — an undo, a late
 * note, its number purged — must change it in both states exactly once, also while commands are
 * decided ahead of their commits; and the line must be the one its event log replays to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { applyEvent, createState, type Actor, type QueueConfig } from '../../hub/queue/index.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { clinicConfig, command, MINUTE, MORNING } from '../helpers/queue.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const staff: Actor = { kind: 'staff', id: 'ana' };

async function openLine(config: QueueConfig) {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-shared-finished-'));
  dirs.push(dir);
  const log = await EventLog.open(join(dir, 'events.sqlite'));
  let now = MORNING;
  const engine = await QueueEngine.open({ config, log, clock: () => now });
  const run = async (type: string, payload: object) => {
    const result = await engine.execute(command(type, payload), staff);
    if (!result.ok) throw new Error(`${type}: ${result.error.message}`);
    return result.result as EntryView;
  };
  return { engine, log, run, later: (minutes: number) => (now += minutes * MINUTE) };
}

/** The line as its log replays it from the first event. */
async function replayed(log: EventLog, config: QueueConfig) {
  const state = createState(config);
  for (const event of await log.eventsAfter(0)) applyEvent(state, event);
  return JSON.parse(JSON.stringify(state));
}

it('undoes, notes and purges finished visits once each, also while later commands wait for their commit, and matches its log', async () => {
  const config = { ...clinicConfig(), contactRetentionHours: 1 };
  const { engine, log, run, later } = await openLine(config);
  for (const counterId of ['c1', 'c3']) await run('set-counter-status', { counterId, status: 'open' });
  const ana = await run('enroll', { serviceId: 'lab', channel: 'kiosk', phone: '+12015550101' });
  const ben = await run('enroll', { serviceId: 'reg', channel: 'kiosk', phone: '+12015550102' });
  const cy = await run('enroll', { serviceId: 'lab', channel: 'kiosk', phone: '+12015550103' });
  await run('call-next', { counterId: 'c1' });
  await run('start-serving', { entryId: ana.entryId });
  await run('complete', { entryId: ana.entryId });
  await run('call-next', { counterId: 'c3' });
  await run('no-show', { entryId: ben.entryId });
  await run('cancel', { entryId: cy.entryId });
  for (const { entryId } of [ana, ben, cy]) expect(Object.isFrozen(engine.state.entries[entryId])).toBe(true);

  // Decided one after another before any is committed: each sees the one before it.
  const burst = await Promise.all([
    engine.execute(command('add-note', { entryId: ben.entryId, text: 'came back at noon' }), staff),
    engine.execute(command('undo', { entryId: ana.entryId }), staff),
    engine.execute(command('add-note', { entryId: ben.entryId, text: 'asked for a call' }), staff),
    engine.execute(command('complete', { entryId: ana.entryId }), staff),
    engine.execute(command('undo', { entryId: cy.entryId }), staff),
  ]);
  expect(burst.map((r) => r.ok)).toEqual([true, true, true, true, true]);
  expect(engine.state.entries[ben.entryId]!.notes!.map((n) => n.text)).toEqual(['came back at noon', 'asked for a call']);
  expect(engine.state.entries[ana.entryId]!.status).toBe('done');
  expect(engine.state.entries[cy.entryId]!.status).toBe('waiting');
  // The undo found the visit where the burst left it: Ana's second completion can be undone, the first only once.
  expect((await engine.execute(command('undo', { entryId: ana.entryId }), staff)).ok).toBe(true);
  expect(engine.state.entries[ana.entryId]!.status).toBe('serving');
  await run('complete', { entryId: ana.entryId });

  later(61);
  const purge = await engine.execute(command('purge-contacts', {}), { kind: 'system', id: 'contact-retention' });
  expect(purge.ok && 'entryIds' in purge.result && [...purge.result.entryIds].sort()).toEqual([ana.entryId, ben.entryId].sort());
  expect(engine.state.entries[ana.entryId]!.phone).toBeNull();
  expect(engine.state.entries[ben.entryId]).toMatchObject({ phone: null, notes: [] });
  expect(engine.state.entries[cy.entryId]!.phone).toBe('+12015550103');
  // A second run finds nothing left to purge: the pending state saw the first one too.
  const again = await engine.execute(command('purge-contacts', {}), { kind: 'system', id: 'contact-retention' });
  expect(again.ok && 'entryIds' in again.result && again.result.entryIds).toEqual([]);

  expect(JSON.parse(JSON.stringify(engine.state))).toEqual(await replayed(log, config));
  await engine.close();
  await log.close();
});
