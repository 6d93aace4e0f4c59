/**
 * Who did what at the console: the hub records the contact center as the
 * actor of every request, so which agent it was is kept here, one row per
 * claim, release, outcome, enrolment, cancel and move to remote waiting,
 * with the hub's answer. No phone numbers, reasons or notes: those stay with the hub.
 */
import { all, exec, run } from '../hub/store/sqlite.ts';
import type { ConsoleStore } from './store.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS agent_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, agent_id TEXT NOT NULL, action TEXT NOT NULL, site TEXT NOT NULL,
    subject TEXT, outcome TEXT NOT NULL) STRICT;
`;

export type AgentAction = 'claim' | 'release' | 'callback-outcome' | 'enrol' | 'cancel' | 'remote';

export interface AgentActionRow {
  at: string;
  agentId: string;
  action: AgentAction;
  site: string;
  /** The entry, or the callback as site/seq; null for an enrolment the hub refused. */
  subject: string | null;
  /** 'ok', or the refusal's code and reason ("conflict callback.claimed"). */
  outcome: string;
}

export class AgentLog {
  private constructor(private readonly store: ConsoleStore) {}

  static async open(store: ConsoleStore): Promise<AgentLog> {
    await store.transaction((db) => exec(db, SCHEMA));
    return new AgentLog(store);
  }

  record(row: AgentActionRow): Promise<void> {
    return this.store.transaction((db) =>
      run(db, 'INSERT INTO agent_actions (at, agent_id, action, site, subject, outcome) VALUES (?, ?, ?, ?, ?, ?)', [
        row.at,
        row.agentId,
        row.action,
        row.site,
        row.subject,
        row.outcome,
      ]),
    );
  }

  /** The newest first. */
  recent(limit = 100): Promise<AgentActionRow[]> {
    return this.store.transaction((db) =>
      all<AgentActionRow>(db, 'SELECT at, agent_id AS agentId, action, site, subject, outcome FROM agent_actions ORDER BY id DESC LIMIT ?', [limit]),
    );
  }
}
