/**
 * The audit trail as the desk shows it: newest first, with tickets instead of
 * entry ids and staff names instead of ids. Fields are picked one by one, so
 * nothing personal in an event (a phone number) ever reaches the desk.
 * Changes to staff accounts (hub/staff) are kept apart from the line's log
 * and shown among its events, each after the line event it followed.
 */
import type { QueueConfig, QueueEvent, QueueState } from '../queue/index.ts';
import { undoWindowMs } from '../queue/commands/undo.ts';
import type { EventLog } from '../store/event-log.ts';
import type { ActivityItem, ActivityPage } from '../contract/desk.ts';
import type { StoredAccountChange } from '../staff/staff-store.ts';

export const MAX_ACTIVITY_PAGE = 200;

type Names = { staff: (id: string) => string | undefined; device: (id: string) => string | undefined };
type Line = { state: QueueState; config: QueueConfig };

/** Account changes made after line events `fromSeq` to `toSeq` (inclusive), newest first. */
export type AccountChanges = (fromSeq: number, toSeq: number) => Promise<StoredAccountChange[]>;

/** The status each ending leaves an entry in: while the entry is still so, that ending can be undone. */
const ENDINGS: Partial<Record<QueueEvent['data']['type'], string>> = {
  'entry.completed': 'done',
  'entry.no-show': 'no_show',
  'entry.cancelled': 'cancelled',
};

export async function activityPage(
  log: EventLog,
  line: Line,
  names: Names,
  accountChanges: AccountChanges,
  before: number | null,
  limit: number,
): Promise<ActivityPage> {
  const { state } = line;
  const upTo = Math.min(before === null ? state.seq : before - 1, state.seq);
  const after = Math.max(0, upTo - limit);
  const events = upTo > after ? await log.readEvents(after, upTo - after) : [];
  // A change after event k shows on the page holding event k; those before any event, on the oldest page.
  const changes = await accountChanges(after === 0 ? 0 : after + 1, upTo);
  const items: ActivityItem[] = [];
  for (const event of events.reverse()) {
    while (changes.length > 0 && changes[0]!.afterSeq >= event.seq) items.push(accountItem(changes.shift()!, names));
    items.push(activityItem(event, line, names));
  }
  items.push(...changes.map((change) => accountItem(change, names)));
  return { items, before: after > 0 ? after + 1 : null };
}

function accountItem(change: StoredAccountChange, names: Names): ActivityItem {
  return {
    seq: change.afterSeq,
    at: new Date(change.at).toISOString(),
    type: `staff.${change.change}`,
    actor: { kind: 'staff', id: change.by, name: names.staff(change.by) ?? null, device: null },
    ticket: null,
    serviceId: null,
    counterId: null,
    account: { staffId: change.staffId, name: names.staff(change.staffId) ?? null },
  };
}

function activityItem(event: QueueEvent, { state, config }: Line, names: Names): ActivityItem {
  const data = event.data as unknown as Record<string, unknown>;
  const entry = typeof data.entryId === 'string' ? state.entries[data.entryId] : undefined;
  const { actor } = event;
  // An integration names the person acting through it itself (a contact-center agent).
  const name = actor.kind === 'staff' ? names.staff(actor.id) : actor.kind === 'device' ? names.device(actor.id) : actor.name;
  const item: ActivityItem = {
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    type: event.data.type,
    actor: { kind: actor.kind, id: actor.id, name: name ?? null, device: actor.device ?? null },
    ticket: text(data.ticket) ?? entry?.ticket ?? null,
    serviceId: text(data.serviceId) ?? entry?.serviceId ?? null,
    counterId: text(data.counterId) ?? null,
  };
  if (typeof data.toServiceId === 'string') item.toServiceId = data.toServiceId;
  if (typeof data.keepPlace === 'boolean') item.keepPlace = data.keepPlace;
  if (typeof data.index === 'number' && event.data.type !== 'entry.enrolled' && event.data.type !== 'entry.checked-in') item.position = data.index + 1;
  if (event.data.type === 'counter.status-changed') item.counterStatus = event.data.status;
  if (typeof data.channel === 'string') item.channel = data.channel;
  if (typeof data.reason === 'string') item.reason = data.reason;
  if (typeof data.entryId === 'string') item.entryId = data.entryId;
  if (event.data.type === 'entry.reopened') item.undid = event.data.undid;
  if (event.data.type === 'entry.callback-result') item.callback = { attempt: event.data.attempt, outcome: event.data.outcome };
  const ending = ENDINGS[event.data.type];
  if (ending && entry?.status === ending && entry.finishedAt === event.at) item.undoableUntil = new Date(event.at + undoWindowMs(config)).toISOString();
  return item;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
