/**
 * Which agent is calling which caller back, so two agents never dial the same
 * person. A claim is one row per callback (site, seq) in the console's own
 * SQLite, taken by one statement: of two agents racing for a callback exactly
 * one wins. It lapses after CLAIM_MS unless its holder claims again, so a
 * closed browser does not hold a caller for long; it ends early when released
 * or when the hub accepted a final outcome.
 */
import { all, exec, get, runCounting } from '../hub/store/sqlite.ts';
import type { Claim } from './api.ts';
import type { ConsoleStore } from './store.ts';

/** How long a claim holds: long enough to dial and talk, short enough that a forgotten one frees the caller soon. */
export const CLAIM_MS = 10 * 60_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS claims (
    site TEXT NOT NULL, seq INTEGER NOT NULL, agent_id TEXT NOT NULL, agent_name TEXT NOT NULL, at TEXT NOT NULL, until TEXT NOT NULL,
    PRIMARY KEY (site, seq)) STRICT;
`;

interface ClaimRow {
  site: string;
  seq: number;
  agent_id: string;
  agent_name: string;
  at: string;
  until: string;
}

export type ClaimResult = { ok: true; claim: Claim } | { ok: false; holder: Claim };

const claimOf = (row: ClaimRow): Claim => ({ agentId: row.agent_id, agentName: row.agent_name, at: row.at, until: row.until });
const iso = (ms: number) => new Date(ms).toISOString();

export class CallbackClaims {
  private constructor(private readonly store: ConsoleStore) {}

  static async open(store: ConsoleStore): Promise<CallbackClaims> {
    await store.transaction((db) => exec(db, SCHEMA));
    return new CallbackClaims(store);
  }

  /** The agent's claim, new or renewed, unless another agent's stands. ISO times in UTC compare as text. */
  claim(site: string, seq: number, agent: { id: string; name: string }, now: number): Promise<ClaimResult> {
    const claim: Claim = { agentId: agent.id, agentName: agent.name, at: iso(now), until: iso(now + CLAIM_MS) };
    return this.store.transaction(async (db) => {
      const taken = await runCounting(
        db,
        `INSERT INTO claims (site, seq, agent_id, agent_name, at, until) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (site, seq) DO UPDATE SET agent_id = excluded.agent_id, agent_name = excluded.agent_name, at = excluded.at, until = excluded.until
         WHERE claims.until <= excluded.at OR claims.agent_id = excluded.agent_id`,
        [site, seq, claim.agentId, claim.agentName, claim.at, claim.until],
      );
      if (taken === 1) return { ok: true, claim };
      const holder = await get<ClaimRow>(db, 'SELECT * FROM claims WHERE site = ? AND seq = ?', [site, seq]);
      return { ok: false, holder: claimOf(holder) };
    });
  }

  /** The claim standing on a callback, or null. */
  async holder(site: string, seq: number, now: number): Promise<Claim | null> {
    const row = await this.store.transaction((db) => get<ClaimRow | undefined>(db, 'SELECT * FROM claims WHERE site = ? AND seq = ? AND until > ?', [site, seq, iso(now)]));
    return row ? claimOf(row) : null;
  }

  /** Every standing claim, by `${site}/${seq}`. */
  async standing(now: number): Promise<Map<string, Claim>> {
    const rows = await this.store.transaction((db) => all<ClaimRow>(db, 'SELECT * FROM claims WHERE until > ?', [iso(now)]));
    return new Map(rows.map((row) => [claimKey(row.site, row.seq), claimOf(row)]));
  }

  /** Ends a claim: `agentId`'s own, or anyone's when null (a manager, or a final outcome). Whether one ended. */
  async release(site: string, seq: number, agentId: string | null): Promise<boolean> {
    const ended = await this.store.transaction((db) =>
      runCounting(db, 'DELETE FROM claims WHERE site = ? AND seq = ? AND (? IS NULL OR agent_id = ?)', [site, seq, agentId, agentId]),
    );
    return ended === 1;
  }
}

export const claimKey = (site: string, seq: number) => `${site}/${seq}`;
