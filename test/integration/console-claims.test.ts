/**
 * Callback claims in the console's own SQLite file, on a clock of the test's:
 * a claim holds for CLAIM_MS and then frees the caller for another agent, its
 * holder renews it by claiming again, and a restart keeps it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackClaims, CLAIM_MS } from '../../contact-center/claims.ts';
import { ConsoleStore } from '../../contact-center/store.ts';

const ana = { id: 'ana', name: 'Ana Ruiz' };
const ben = { id: 'ben', name: 'Ben Okafor' };
const T0 = Date.parse('2026-03-02T15:00:00.000Z');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-claims-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('callback claims', () => {
  it('hold for their time, renew for their holder, then free the caller; a restart keeps them', async () => {
    const path = join(dir, 'console.sqlite');
    let store = await ConsoleStore.open(path);
    let claims = await CallbackClaims.open(store);
    expect(await claims.claim('north', 7, ana, T0)).toEqual({ ok: true, claim: { agentId: 'ana', agentName: 'Ana Ruiz', at: '2026-03-02T15:00:00.000Z', until: new Date(T0 + CLAIM_MS).toISOString() } });
    expect(await claims.claim('north', 7, ben, T0 + CLAIM_MS / 2)).toMatchObject({ ok: false, holder: { agentId: 'ana' } });
    // Another callback of the same site is another claim.
    expect(await claims.claim('north', 8, ben, T0)).toMatchObject({ ok: true });

    await store.close();
    store = await ConsoleStore.open(path);
    claims = await CallbackClaims.open(store);
    expect(await claims.holder('north', 7, T0 + 1)).toMatchObject({ agentId: 'ana' });
    expect(await claims.claim('north', 7, ana, T0 + CLAIM_MS / 2)).toMatchObject({ ok: true, claim: { until: new Date(T0 + CLAIM_MS * 1.5).toISOString() } });
    expect(await claims.claim('north', 7, ben, T0 + CLAIM_MS)).toMatchObject({ ok: false });

    const lapsed = T0 + CLAIM_MS * 1.5;
    expect(await claims.holder('north', 7, lapsed)).toBeNull();
    expect([...(await claims.standing(lapsed)).keys()]).toEqual([]);
    expect(await claims.claim('north', 7, ben, lapsed)).toMatchObject({ ok: true, claim: { agentId: 'ben' } });
    expect(await claims.release('north', 7, 'ana')).toBe(false);
    expect(await claims.release('north', 7, 'ben')).toBe(true);
    await store.close();
  });
});
