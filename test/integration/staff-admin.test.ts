/**
 * What a manager does for a locked-out or departing colleague, and what
 * everyone does for themselves, over HTTP against a real hub: unlock, reset
 * (a temporary password to replace at the next sign-in), disable (sessions
 * end, sign-in refused) and enable, changing one's own password; only
 * managers may do the first three; each change is in the activity list with
 * who made it; no password ever reaches the log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityItem, DeskAlerts, StaffAccountView } from '../../hub/contract/desk.ts';
import { createLogger } from '../../hub/log.ts';
import { eventReader, signInToDesk, type DeskClient } from '../helpers/desk.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const MINUTE = 60_000;
/** Each one's password as it stands: tests change some. */
const PASSWORDS: Record<'ana' | 'ben' | 'mia', string> = { ana: 'demo-ana', ben: 'demo-ben', mia: 'demo-mia' };

describe('staff account administration', () => {
  let hub: TestHub;
  let dataDir: string;
  const logLines: string[] = [];
  const start = () => startTestHub({ dataDir, clock: () => now, logger: createLogger('debug', (line) => logLines.push(line)) });
  /** Every password a test typed or was given: none may appear in the log. */
  const typed = new Set<string>();
  let now = Date.parse('2026-03-02T14:00:00Z');
  let mia: DeskClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-staff-admin-'));
    hub = await start();
  });

  afterAll(async () => {
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
    for (const password of typed) expect(logLines.filter((line) => line.includes(password))).toEqual([]);
  });

  beforeEach(async () => {
    // Past any lock or session of the test before, with a fresh manager session.
    now += 24 * 60 * MINUTE;
    mia = await signInToDesk(hub.httpUrl, 'mia', PASSWORDS.mia);
  });

  async function signIn(staffId: string, password: string): Promise<{ status: number; body: any }> {
    typed.add(password);
    const response = await fetch(`${hub.httpUrl}/desk/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffId, password }),
    });
    return { status: response.status, body: await response.json() };
  }

  const account = async (id: string) => ((await mia.call('GET', '/staff')).body.accounts as StaffAccountView[]).find((a) => a.id === id)!;
  const newestActivity = async () => ((await mia.call('GET', '/activity?limit=5')).body.items as ActivityItem[])[0]!;

  it('lets a manager unlock an id locked by wrong passwords, and nobody else', async () => {
    for (let i = 0; i < 5; i++) await signIn('ben', 'not-his-password');
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(429);
    expect((await account('ben')).lockedUntil).toBe(new Date(now + 15 * MINUTE).toISOString());

    const ana = await signInToDesk(hub.httpUrl, 'ana', PASSWORDS.ana);
    const refused = await ana.call('POST', '/staff/ben/unlock');
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'Only a manager can unlock a staff account' } } });
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(429);

    const unlocked = await mia.call('POST', '/staff/ben/unlock');
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ id: 'ben', lockedUntil: null, disabled: false });
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(200);
    expect(await newestActivity()).toMatchObject({
      type: 'staff.unlocked',
      actor: { kind: 'staff', id: 'mia', name: 'Mia (manager)' },
      account: { staffId: 'ben', name: 'Ben (front desk)' },
    });
    expect((await mia.call('POST', '/staff/nobody/unlock')).status).toBe(404);
  });

  it('resets a password to a temporary one that works once, ending the sessions of whoever knew the old one', async () => {
    const ana = await signInToDesk(hub.httpUrl, 'ana', PASSWORDS.ana);
    const ben = await signInToDesk(hub.httpUrl, 'ben', PASSWORDS.ben);
    expect((await ben.call('POST', '/staff/ana/reset-password')).status).toBe(403);

    const reset = await mia.call('POST', '/staff/ana/reset-password');
    expect(reset.status).toBe(200);
    const temporary: string = reset.body.temporaryPassword;
    typed.add(temporary);
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await ana.call('GET', '/session')).status).toBe(401);
    expect((await signIn('ana', PASSWORDS.ana)).status).toBe(401);
    expect(await account('ana')).toMatchObject({ mustChangePassword: true });
    expect(await newestActivity()).toMatchObject({ type: 'staff.password-reset', actor: { id: 'mia' }, account: { staffId: 'ana' } });

    // Signed in with it, she can do nothing but choose her own.
    const withTemporary = await signInToDesk(hub.httpUrl, 'ana', temporary);
    expect((await withTemporary.call('GET', '/session')).body.mustChangePassword).toBe(true);
    expect((await withTemporary.call('GET', '/board')).body.error.message).toMatch(/^Choose a new password first/);
    expect((await withTemporary.call('POST', '/session/password', { currentPassword: 'a-wrong-guess', newPassword: 'ana-own-secret-1' })).status).toBe(403);
    expect((await withTemporary.call('POST', '/session/password', { currentPassword: temporary, newPassword: 'short' })).body.error.message).toBe(
      'The new password must be at least 10 characters',
    );
    typed.add('ana-own-secret-1');
    expect((await withTemporary.call('POST', '/session/password', { currentPassword: temporary, newPassword: 'ana-own-secret-1' })).status).toBe(204);
    expect((await withTemporary.call('GET', '/board')).status).toBe(200);
    expect(await newestActivity()).toMatchObject({ type: 'staff.password-changed', actor: { id: 'ana', name: 'Ana (front desk)' } });
    expect((await signIn('ana', temporary)).status).toBe(401);
    expect((await signIn('ana', 'ana-own-secret-1')).status).toBe(200);
    PASSWORDS.ana = 'ana-own-secret-1';
    expect(await account('ana')).toMatchObject({ mustChangePassword: false });

    // A manager resets others' passwords, not their own.
    expect((await mia.call('POST', '/staff/mia/reset-password')).status).toBe(400);
  });

  it('disables an account: its open sessions and live view end at once, and sign-in is refused until it is enabled', async () => {
    const ben = await signInToDesk(hub.httpUrl, 'ben', PASSWORDS.ben);
    const live = await fetch(`${hub.httpUrl}/desk/api/live`, { headers: { cookie: ben.cookie } });
    const next = eventReader(live.body!);
    expect((await next())!.event).toBe('board');

    const ana = await signInToDesk(hub.httpUrl, 'ana', PASSWORDS.ana);
    expect((await ana.call('POST', '/staff/ben/disable')).status).toBe(403);
    const disabled = await mia.call('POST', '/staff/ben/disable');
    expect(disabled.body).toMatchObject({ id: 'ben', disabled: true });

    let event = await next();
    while (event?.event !== 'ended') event = await next();
    expect(event.data).toEqual({ reason: 'disabled' });
    expect((await ben.call('GET', '/board')).status).toBe(401);
    const refused = await signIn('ben', PASSWORDS.ben);
    expect(refused).toMatchObject({ status: 403, body: { error: { message: 'This account is disabled: ask a manager to enable it' } } });
    // A wrong password gets the usual answer: only who knows the password learns the account is disabled.
    expect((await signIn('ben', 'not-his-password')).status).toBe(401);
    expect(await newestActivity()).toMatchObject({ type: 'staff.disabled', actor: { id: 'mia' }, account: { staffId: 'ben' } });
    expect((await mia.call('POST', '/staff/mia/disable')).body.error.message).toBe('You cannot disable your own account: ask another manager');

    expect((await mia.call('POST', '/staff/ben/enable')).body).toMatchObject({ id: 'ben', disabled: false });
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(200);
    expect(await newestActivity()).toMatchObject({ type: 'staff.enabled', actor: { id: 'mia' }, account: { staffId: 'ben' } });
  });

  it('lets everyone change their own password with the current one; their other sessions end, this one stays', async () => {
    const here = await signInToDesk(hub.httpUrl, 'ben', PASSWORDS.ben);
    const elsewhere = await signInToDesk(hub.httpUrl, 'ben', PASSWORDS.ben);
    const wrong = await here.call('POST', '/session/password', { currentPassword: 'not-my-password', newPassword: 'ben-new-secret-2' });
    expect(wrong).toMatchObject({ status: 403, body: { error: { message: 'Your current password is not right' } } });
    expect((await here.call('POST', '/session/password', { currentPassword: PASSWORDS.ben, newPassword: 'ben' })).status).toBe(400);

    typed.add('ben-new-secret-2');
    expect((await here.call('POST', '/session/password', { currentPassword: PASSWORDS.ben, newPassword: 'ben-new-secret-2' })).status).toBe(204);
    expect((await here.call('GET', '/board')).status).toBe(200);
    expect((await elsewhere.call('GET', '/board')).status).toBe(401);
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(401);
    expect((await signIn('ben', 'ben-new-secret-2')).status).toBe(200);
    PASSWORDS.ben = 'ben-new-secret-2';
  });

  it('keeps a disabled account and a reset password across a restart, and their place in the activity list', async () => {
    await mia.call('POST', '/staff/ben/disable');
    const reset = await mia.call('POST', '/staff/ana/reset-password');
    typed.add(reset.body.temporaryPassword);
    await hub.stop();
    hub = await start();
    expect((await signIn('ben', PASSWORDS.ben)).status).toBe(403);
    expect((await signIn('ana', reset.body.temporaryPassword)).body.mustChangePassword).toBe(true);
    PASSWORDS.ana = reset.body.temporaryPassword;
    mia = await signInToDesk(hub.httpUrl, 'mia', PASSWORDS.mia);
    const items = (await mia.call('GET', '/activity?limit=5')).body.items as ActivityItem[];
    expect(items.slice(0, 2).map((item) => `${item.type} ${item.account?.staffId}`)).toEqual(['staff.password-reset ana', 'staff.disabled ben']);
    await mia.call('POST', '/staff/ben/enable');
  });

  it('counts a desk open in the browser as the desk device in use, not as a device not heard from', async () => {
    const deskRow = (alerts: DeskAlerts) => alerts.devices.find((d) => d.deviceId === 'desk-1')!;
    // Signed in, but with no desk open: nothing is known about the desk.
    expect(deskRow((await mia.call('GET', '/alerts')).body)).toMatchObject({ online: null, inBrowser: null });

    const ben = await signInToDesk(hub.httpUrl, 'ben', PASSWORDS.ben);
    const closeDesk = new AbortController();
    const live = await fetch(`${hub.httpUrl}/desk/api/live`, { headers: { cookie: ben.cookie }, signal: closeDesk.signal });
    const next = eventReader(live.body!);
    let event = await next();
    while (event?.event !== 'alerts') event = await next();
    expect(deskRow(event.data)).toMatchObject({ online: true, inBrowser: 1 });
    expect((event.data as DeskAlerts).problems).toEqual([]);
    expect(deskRow((await mia.call('GET', '/alerts')).body)).toMatchObject({ online: true, inBrowser: 1 });

    closeDesk.abort();
    await until(async () => deskRow((await mia.call('GET', '/alerts')).body).inBrowser === null, 'the closed desk to be gone from the alerts');
    expect(deskRow((await mia.call('GET', '/alerts')).body)).toMatchObject({ online: null });
  });
});
