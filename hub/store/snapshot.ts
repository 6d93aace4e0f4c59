/**
 * The snapshot format. A snapshot is stored as `{ version, state }`, and is
 * read by the reader of its version, as Mosquitto's persist_read.c picks one
 * by `db_version`: the current format is checked against the state's schema,
 * older ones are converted by their own reader, never patched in place.
 * Version 1 is the bare state, written before snapshots carried a version.
 *
 * A snapshot that cannot be read costs only time: every event it summarises is
 * still in the log, so the caller replays the log from the start instead.
 */
import type * as z from 'zod';
import { withIdTables } from '../queue/id-tables.ts';
import type { QueueState } from '../queue/model.ts';
import { stateSchema } from './snapshot-schema.ts';
import { unversionedSnapshot } from './snapshot-unversioned.ts';

export const SNAPSHOT_VERSION = 2;
const UNVERSIONED = 1;

const readers = new Map<unknown, z.ZodType<QueueState>>([
  [UNVERSIONED, unversionedSnapshot],
  [SNAPSHOT_VERSION, stateSchema],
]);

export interface StoredSnapshot {
  version: number;
  state: QueueState;
}

export function storedSnapshot(state: QueueState): StoredSnapshot {
  return { version: SNAPSHOT_VERSION, state };
}

export type ReadSnapshot = { ok: true; state: QueueState } | { ok: false; reason: string };

/** The state a stored snapshot holds, or why this hub cannot use it. */
export function readSnapshot(snapshot: { seq: number; state: unknown }): ReadSnapshot {
  const { version, body } = unwrap(snapshot.state);
  const reader = readers.get(version);
  if (!reader) {
    const newer = typeof version === 'number' && version > SNAPSHOT_VERSION;
    const reason = newer ? `its format ${version} is newer than this hub reads (${SNAPSHOT_VERSION})` : `its format ${JSON.stringify(version)} is unknown`;
    return { ok: false, reason };
  }
  const parsed = reader.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `it is not a format ${version} snapshot (${issue.path.join('.') || 'state'}: ${issue.message})` };
  }
  const state = withIdTables(parsed.data);
  if (state.seq !== snapshot.seq) return { ok: false, reason: `it holds the state at seq ${state.seq}, not at ${snapshot.seq}` };
  const stray = Object.values(state.lines).flat().find((id) => !state.entries[id]);
  if (stray !== undefined) return { ok: false, reason: `its lines hold ${stray}, which it has no entry for` };
  return { ok: true, state };
}

/**
 * Clears, in place, the phone numbers (and reasons and notes) of the entries of a stored snapshot that
 * `redact` picks; says whether it cleared any. A format this hub does not know
 * is left alone: it cannot tell where that format keeps numbers.
 */
export function redactStoredPhones(stored: unknown, redact: (entryId: string, finishedAt: number | null) => boolean): boolean {
  const { version, body } = unwrap(stored);
  if (!readers.has(version) || !isObject(body) || !isObject(body.entries)) return false;
  let changed = false;
  for (const [id, entry] of Object.entries(body.entries)) {
    const holds = isObject(entry) && (entry.phone || entry.reason || (Array.isArray(entry.notes) && entry.notes.length > 0));
    if (isObject(entry) && holds && redact(id, typeof entry.finishedAt === 'number' ? entry.finishedAt : null)) {
      entry.phone = null;
      // What was said about the person goes with the number, as contacts.purged does in the state.
      if ('reason' in entry) entry.reason = null;
      if ('notes' in entry) entry.notes = [];
      changed = true;
    }
  }
  return changed;
}

/** A versioned snapshot wraps the state; an unversioned one is the state. */
function unwrap(stored: unknown): { version: unknown; body: unknown } {
  if (isObject(stored) && 'version' in stored) return { version: stored.version, body: stored.state };
  return { version: UNVERSIONED, body: stored };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
