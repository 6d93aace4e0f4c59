/**
 * Staff accounts for the desk against a real hub (real SQLite, real HTTP):
 * passwords kept only as scrypt hashes, lock-out after wrong passwords (on an
 * injected clock), session expiry, CSRF refusal, manager-only account
 * creation, and added accounts surviving a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySecret } from '../../hub/access/credentials.ts';
import { BACKGROUND_HEADER, CSRF_HEADER } from '../../hub/contract/desk.ts';
import { parseSiteConfig } from '../../hub/site/config.ts';
import { all, closeDatabase, openDatabase } from '../../hub/store/sqlite.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const MINUTE = 60_000;
const SITE = 'demo-clinic';

interface Session {
  cookie: string;
  csrf: string;
}

describe('staff accounts and sessions', () => {
  let dataDir: string;
  let hub: TestHub;
  let now = Date.parse('2026-03-02T14:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-staff-'));
    hub = await startTestHub({ dataDir, clock });
  });

  afterAll(async () => {
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    // Each test starts well past any lock or session of the one before.
    now += 24 * 60 * MINUTE;
  });

  async function desk(method: string, path: string, options: { session?: Session; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session) {
      headers.cookie = options.session.cookie;
      if (method !== 'GET') headers[CSRF_HEADER] ??= options.session.csrf;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${hub.httpUrl}/desk/api${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, setCookie: response.headers.get('set-cookie') };
  }

  async function signIn(staffId: string, password: string): Promise<Session> {
    const response = await desk('POST', '/session', { body: { staffId, password } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { cookie: response.setCookie!.split(';')[0]!, csrf: response.body.csrfToken };
  }

  it('keeps passwords only as scrypt hashes, in the site file and in the store', async () => {
    const site = { siteId: 'x', name: 'X', timezone: 'UTC', services: [{ id: 's', prefix: 'S', name: { en: 'S' } }], counters: [{ id: 'c', name: 'C', serviceIds: ['s'] }] };
    expect(() => parseSiteConfig({ ...site, staff: [{ id: 'ana', name: 'Ana', role: 'staff', passwordHash: 'demo-ana' }] })).toThrow(/scrypt hash/);
    expect(() =>
      parseSiteConfig({ ...site, staff: ['Ana', 'ana'].map((id) => ({ id, name: id, role: 'staff', passwordHash: 'scrypt$1$1$1$a$b' })) }),
    ).toThrow(/'ana' is used twice/);

    const mia = await signIn('mia', 'demo-mia');
    const added = await desk('POST', '/staff', { session: mia, body: { id: 'dora', name: 'Dora', role: 'staff', password: 'dora-password-1' } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: 'dora',
      name: 'Dora',
      role: 'staff',
      source: 'added',
      createdAt: new Date(now).toISOString(),
      createdBy: 'mia',
      disabled: false,
      mustChangePassword: false,
      lockedUntil: null,
    });

    const listed = await desk('GET', '/staff', { session: mia });
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|password-1/);
    const db = await openDatabase(join(dataDir, `${SITE}.staff.sqlite`), sqlite3.OPEN_READONLY);
    const rows = await all<{ id: string; password_hash: string }>(db, 'SELECT id, password_hash FROM accounts WHERE id = ?', ['dora']);
    await closeDatabase(db);
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(verifySecret('dora-password-1', rows[0]!.password_hash)).toBe(true);
  });

  it('locks a staff id for 15 minutes after 5 wrong passwords in a row, and says so', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await desk('POST', '/session', { body: { staffId: 'ben', password: `guess-${attempt}` } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toBe(
        `Wrong staff id or password. ${5 - attempt} ${attempt === 4 ? 'try' : 'tries'} left before sign-in for this id is locked for 15 minutes.`,
      );
    }
    const fifth = await desk('POST', '/session', { body: { staffId: 'Ben', password: 'guess-5' } });
    expect(fifth).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(fifth.body.error.message).toBe('Too many wrong passwords: sign-in for this id is locked. Try again in 15 minutes.');

    // Locked means locked: the right password is not even checked.
    const right = await desk('POST', '/session', { body: { staffId: 'ben', password: 'demo-ben' } });
    expect(right.status).toBe(429);
    expect(right.setCookie).toBeNull();

    now += 14 * MINUTE + 30_000;
    const almost = await desk('POST', '/session', { body: { staffId: 'ben', password: 'demo-ben' } });
    expect(almost.status).toBe(429);
    expect(almost.body.error.message).toMatch(/Try again in 1 minute\.$/);

    now += 30_000;
    await signIn('ben', 'demo-ben');
    // A success starts the count again.
    expect((await desk('POST', '/session', { body: { staffId: 'ben', password: 'nope' } })).body.error.message).toMatch(/4 tries left/);

    // Ids nobody has are answered the same way, so answers do not tell which ids exist.
    for (let attempt = 1; attempt <= 4; attempt++) await desk('POST', '/session', { body: { staffId: 'nobody', password: 'x' } });
    expect((await desk('POST', '/session', { body: { staffId: 'nobody', password: 'x' } })).body.error.message).toBe(fifth.body.error.message);
  });

  it('counts parallel guesses one by one, so they cannot slip past the lock', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => desk('POST', '/session', { body: { staffId: 'ana', password: `parallel-${i}` } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    now += 15 * MINUTE;
  });

  it('ends a session after an hour without requests, and after 12 hours in any case', async () => {
    const idle = await signIn('ana', 'demo-ana');
    now += 59 * MINUTE;
    expect((await desk('GET', '/session', { session: idle })).status).toBe(200);
    now += 59 * MINUTE;
    expect((await desk('GET', '/board', { session: idle })).status).toBe(200);
    now += 60 * MINUTE;
    const ended = await desk('GET', '/board', { session: idle });
    expect(ended).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(ended.body.error.message).toMatch(/signed out after a period without activity/);
    expect(ended.setCookie).toMatch(/^lobbyline_desk=;/);

    // The desk refreshing by itself (the activity list, the live stream) keeps nobody signed in.
    const unattended = await signIn('ana', 'demo-ana');
    now += 40 * MINUTE;
    expect((await desk('GET', '/activity', { session: unattended, headers: { [BACKGROUND_HEADER]: '1' } })).status).toBe(200);
    now += 20 * MINUTE;
    expect((await desk('GET', '/board', { session: unattended, headers: { [BACKGROUND_HEADER]: '1' } })).status).toBe(401);

    const shift = await signIn('ana', 'demo-ana');
    for (let step = 0; step < 13; step++) {
      now += 55 * MINUTE;
      expect((await desk('GET', '/session', { session: shift })).status).toBe(200);
    }
    now += 5 * MINUTE;
    const expired = await desk('GET', '/session', { session: shift });
    expect(expired).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/reached its time limit/) } } });
  });

  it('sets the session cookie HttpOnly, SameSite=Strict and only for /desk', async () => {
    const response = await desk('POST', '/session', { body: { staffId: 'ana', password: 'demo-ana' } });
    expect(response.setCookie).toMatch(/^lobbyline_desk=[A-Za-z0-9_-]{43}; Path=\/desk; HttpOnly; SameSite=Strict$/);
    expect(JSON.stringify(response.body)).not.toContain(response.setCookie!.split(';')[0]!.split('=')[1]);
  });

  it('refuses changes without the session CSRF token or from another origin, and records who did what', async () => {
    const ana = await signIn('ana', 'demo-ana');
    const seqBefore = hub.engine.state.seq;
    const open = { status: 'open' };
    const missing = await desk('POST', '/counters/c3/status', { session: ana, body: open, headers: { [CSRF_HEADER]: '' } });
    expect(missing).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/x-csrf-token header is missing/) } } });
    const wrong = await desk('POST', '/counters/c3/status', { session: ana, body: open, headers: { [CSRF_HEADER]: `${ana.csrf.slice(0, -2)}xx` } });
    expect(wrong).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/does not match this session/) } } });
    const otherSite = await desk('POST', '/counters/c3/status', { session: ana, body: open, headers: { origin: 'http://evil.example' } });
    expect(otherSite).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/another site/) } } });
    const signInFromElsewhere = await desk('POST', '/session', { body: { staffId: 'ana', password: 'demo-ana' }, headers: { origin: 'http://evil.example' } });
    expect(signInFromElsewhere.status).toBe(403);
    expect(hub.engine.state.seq).toBe(seqBefore);

    const ok = await desk('POST', '/counters/c3/status', { session: ana, body: open, headers: { origin: hub.httpUrl } });
    expect(ok).toMatchObject({ status: 200, body: { counterId: 'c3', status: 'open' } });
    const events = await hub.api('GET', `/events?after=${seqBefore}`);
    expect(events.body).toEqual([expect.objectContaining({ actor: { kind: 'staff', id: 'ana', device: '127.0.0.1' } })]);

    // Signing out is a change too.
    expect((await desk('DELETE', '/session', { session: ana, headers: { [CSRF_HEADER]: 'x' } })).status).toBe(403);
    expect((await desk('DELETE', '/session', { session: ana })).status).toBe(204);
    expect((await desk('GET', '/session', { session: ana })).status).toBe(401);
  });

  it('lets only a manager add accounts, and keeps added accounts across a restart', async () => {
    const ana = await signIn('ana', 'demo-ana');
    expect(await desk('POST', '/staff', { session: ana, body: { id: 'eve', name: 'Eve', role: 'manager', password: 'eve-password-1' } })).toMatchObject({
      status: 403,
      body: { error: { message: 'Only a manager can add staff accounts' } },
    });
    expect((await desk('GET', '/staff', { session: ana })).status).toBe(403);

    const mia = await signIn('mia', 'demo-mia');
    const short = await desk('POST', '/staff', { session: mia, body: { id: 'cara', name: 'Cara', role: 'staff', password: 'short' } });
    expect(short).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/password: must be at least 10 characters/) } } });
    expect((await desk('POST', '/staff', { session: mia, body: { id: 'cara', name: 'Cara', role: 'staff', password: 'cara-password-1' } })).status).toBe(201);
    expect(await desk('POST', '/staff', { session: mia, body: { id: 'CARA', name: 'Cara 2', role: 'staff', password: 'cara-password-2' } })).toMatchObject({
      status: 409,
      body: { error: { message: "There is already a staff account 'CARA'" } },
    });
    expect(await desk('POST', '/staff', { session: mia, body: { id: 'ana', name: 'Ana 2', role: 'staff', password: 'ana-password-2' } })).toMatchObject({ status: 409 });
    const cara = await signIn('cara', 'cara-password-1');
    expect((await desk('DELETE', '/session', { session: cara })).status).toBe(204);

    await hub.stop();
    hub = await startTestHub({ dataDir, clock });
    // A restart signs nobody out, and brings nobody back who had signed out.
    expect(await desk('GET', '/session', { session: mia })).toMatchObject({ status: 200, body: { staff: { id: 'mia' }, csrfToken: mia.csrf } });
    expect((await desk('GET', '/session', { session: cara })).status).toBe(401);
    // The store keeps a hash of each session's cookie, never the cookie.
    const db = await openDatabase(join(dataDir, `${hub.engine.config.siteId}.staff.sqlite`), sqlite3.OPEN_READONLY);
    const stored = JSON.stringify(await all(db, 'SELECT * FROM sessions'));
    await closeDatabase(db);
    expect(stored).toContain('"staff_id":"mia"');
    expect(stored).not.toContain(mia.cookie.split('=')[1]!);
    await signIn('cara', 'cara-password-1');
    const accounts = (await desk('GET', '/staff', { session: mia })).body.accounts as { id: string; source: string; createdBy: string | null }[];
    expect(accounts).toContainEqual(expect.objectContaining({ id: 'cara', source: 'added', createdBy: 'mia' }));
    expect(accounts).toContainEqual(expect.objectContaining({ id: 'ana', source: 'site', createdBy: null }));
  });
});
