/**
 * What staff can do, each one a request to the hub's command path. The hub
 * decides; the desk says what happened in words, or shows the hub's refusal
 * as it is ("Cannot start serving L-004: it is done") when someone else was
 * quicker.
 */
import { useRef, useState } from 'preact/hooks';
import { nameIn, type Channel, type CounterStatus, type CounterView, type EntryView } from '../../../contract/index.ts';
import type { DeskBoard, DeskCounter, DeskEntry } from '../../../contract/desk.ts';
import type { ApiResult, DeskApi } from './api.ts';
import { deskLanguage, messages } from './messages.ts';

/**
 * Says what happened. A no-show, done or cancel comes with `undo`: the notice
 * offers it (button and U) for the site's undo window, so one mistaken key
 * costs one more key, not the person's place.
 */
export type Notify = (kind: 'ok' | 'error', text: string, undo?: () => void) => void;

export interface WalkIn {
  serviceId: string;
  priority: number;
  language: string;
}

export interface DeskActions {
  callNext(counter: DeskCounter): void;
  callEntry(counter: DeskCounter, entry: DeskEntry): void;
  recall(entry: DeskEntry): void;
  start(entry: DeskEntry): void;
  complete(entry: DeskEntry): void;
  noShow(entry: DeskEntry): void;
  requeue(entry: DeskEntry): void;
  cancel(entry: DeskEntry): void;
  /** Takes back a no-show, done or cancel: the person returns to their place by arrival (or to their counter). */
  undo(entry: { entryId: string }): void;
  reprint(entry: DeskEntry, kiosk: { deviceId: string; name: string }): void;
  /** A remote waiter or caller told the desk they are in the building. */
  here(entry: DeskEntry): void;
  /** The same visit goes on another way; `phone` as typed, for a callback or the status link. Null once done, else the refusal. */
  changeChannel(entry: EntryView, channel: Channel, phone: string | null): Promise<string | null>;
  /** A short note on the visit, for staff and the contact center. Null once done, else the refusal. */
  addNote(entry: EntryView, text: string): Promise<string | null>;
  move(entry: DeskEntry, toPosition: number): void;
  transfer(entry: DeskEntry, toServiceId: string, keepPlace: boolean): void;
  setCounterStatus(counter: DeskCounter, status: CounterStatus): void;
  addWalkIn(walkIn: WalkIn): Promise<boolean>;
  /** True while a request of this kind is on its way (a double tap on "Call next" calls one person). */
  busy(kind: string): boolean;
}

export function useDeskActions(
  api: DeskApi,
  notify: Notify,
  serviceName: (serviceId: string) => string,
  board: { patch: (patch: (board: DeskBoard) => DeskBoard) => void; reload: () => void },
): DeskActions {
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(new Set());
  const pending = useRef(new Set<string>());
  const r = messages.results;

  /** Null once done; else the refusal in words, or '' when the same request is already on its way. */
  async function send<T>(kind: string, path: string, body: object, said: (result: T) => string, undoable = false): Promise<string | null> {
    if (pending.current.has(kind)) return '';
    pending.current.add(kind);
    setInFlight(new Set(pending.current));
    let result: ApiResult<T>;
    try {
      result = await api.post<T>(path, body);
    } finally {
      pending.current.delete(kind);
      setInFlight(new Set(pending.current));
    }
    if (result.ok) notify('ok', said(result.value), undoable ? () => undo(result.value as EntryView) : undefined);
    else notify('error', result.error.message);
    return result.ok ? null : result.error.message;
  }

  const entryPath = (entry: { entryId: string }, action: string) => `/entries/${encodeURIComponent(entry.entryId)}/${action}`;
  const counterPath = (counter: DeskCounter, action: string) => `/counters/${encodeURIComponent(counter.counterId)}/${action}`;
  const ticket = (entry: { ticket: string | null }) => entry.ticket ?? '';
  const undo = (entry: { entryId: string }) =>
    void send<EntryView>(`undo:${entry.entryId}`, entryPath(entry, 'undo'), {}, (e) => r.undone(ticket(e), e.status, e.position));

  return {
    callNext: (counter) => void send<EntryView>('call-next', counterPath(counter, 'call-next'), {}, (e) => r.called(ticket(e), nameIn(counter, deskLanguage))),
    callEntry: (counter, entry) =>
      void send<EntryView>(`call:${entry.entryId}`, counterPath(counter, 'call-entry'), { entryId: entry.entryId }, (e) => r.called(ticket(e), nameIn(counter, deskLanguage))),
    recall: (entry) => void send<EntryView>(`recall:${entry.entryId}`, entryPath(entry, 'recall'), {}, (e) => r.recalled(ticket(e))),
    start: (entry) => void send<EntryView>(`start:${entry.entryId}`, entryPath(entry, 'start-serving'), {}, (e) => r.started(ticket(e))),
    complete: (entry) => void send<EntryView>(`done:${entry.entryId}`, entryPath(entry, 'complete'), {}, (e) => r.done(ticket(e)), true),
    noShow: (entry) => void send<EntryView>(`no-show:${entry.entryId}`, entryPath(entry, 'no-show'), {}, (e) => r.noShow(ticket(e)), true),
    requeue: (entry) => void send<EntryView>(`requeue:${entry.entryId}`, entryPath(entry, 'requeue'), {}, (e) => r.requeued(ticket(e), e.position)),
    cancel: (entry) => void send<EntryView>(`cancel:${entry.entryId}`, entryPath(entry, 'cancel'), { reason: 'staff' }, (e) => r.cancelled(ticket(e)), true),
    undo,
    here: (entry) => void send<EntryView>(`here:${entry.entryId}`, entryPath(entry, 'arrived'), { via: 'desk' }, (e) => r.here(ticket(e))),
    changeChannel: (entry, channel, phone) =>
      send<EntryView>(`channel:${entry.entryId}`, entryPath(entry, 'change-channel'), { channel, ...(phone && { phone }) }, (e) =>
        r.channelChanged(ticket(e), messages.channels[e.channel]),
      ),
    addNote: (entry, text) => send<EntryView>(`note:${entry.entryId}`, entryPath(entry, 'add-note'), { text }, (e) => r.noteAdded(ticket(e))),
    reprint: (entry, kiosk) =>
      void send<EntryView>(`reprint:${entry.entryId}`, entryPath(entry, 'reprint'), { kioskId: kiosk.deviceId }, (e) => r.reprinted(ticket(e), kiosk.name)),
    move(entry, toPosition) {
      // Shown at once, so that a second Alt+↑ counts from where the first one put them; the next board confirms it.
      board.patch((b) => movedLocally(b, entry.entryId, toPosition));
      void send<EntryView>(`move:${entry.entryId}:${toPosition}`, entryPath(entry, 'move'), { toPosition }, (e) => r.moved(ticket(e), e.position)).then(
        (refusal) => refusal === null || board.reload(),
      );
    },
    transfer: (entry, toServiceId, keepPlace) =>
      void send<EntryView>(`transfer:${entry.entryId}`, entryPath(entry, 'transfer'), { toServiceId, keepPlace }, (e) =>
        r.transferred(ticket(e), serviceName(toServiceId)),
      ),
    setCounterStatus: (counter, status) =>
      void send<CounterView>(`status:${counter.counterId}`, counterPath(counter, 'status'), { status }, (c) =>
        messages.counter.statusChanged(nameIn(c, deskLanguage), c.status),
      ),
    addWalkIn: async (walkIn) =>
      (await send<EntryView>('walk-in', '/entries', { ...walkIn, requestId: requestId() }, (e) => r.added(ticket(e), serviceName(e.serviceId), e.position))) === null,
    busy: (kind) => inFlight.has(kind),
  };
}

function movedLocally(board: DeskBoard, entryId: string, toPosition: number): DeskBoard {
  return {
    ...board,
    services: board.services.map((line) => {
      const from = line.waiting.findIndex((e) => e.entryId === entryId);
      if (from < 0) return line;
      const waiting = [...line.waiting];
      const [moved] = waiting.splice(from, 1);
      waiting.splice(Math.min(toPosition - 1, waiting.length), 0, moved!);
      return { ...line, waiting };
    }),
  };
}

/** Makes a double-tapped "Add to line" add one person. (crypto.randomUUID needs https; the hub is often plain http on the LAN.) */
function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `desk-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
