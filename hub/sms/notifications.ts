/**
 * Texts about the line: after each commit the rules (./rules.ts) decide which
 * are due, and each is stored once in the outbox and sent. A text still
 * waiting means nothing once its visit is over, or "you're next" once the
 * person is called, so those are dropped. Keys decided lately are kept in
 * memory, so the next commit does not decide the same text again.
 */
import type { QueueConfig, QueueEvent, QueueEventType, QueueState } from '../queue/index.ts';
import type { Logger } from '../log.ts';
import type { SmsConfig } from './config.ts';
import type { OptOutList } from './opt-outs.ts';
import type { SmsOutbox } from './outbox.ts';
import { NOTIFICATION_KINDS, notificationsAfterCommit, notificationsAtStart, type DueNotification, type RuleContext, type ToldCallback } from './rules.ts';
import type { SerialWork } from './serial-work.ts';
import type { SmsSending } from './sending.ts';

const DAY = 24 * 3_600_000;
/** Keys decided this long ago are remembered in memory; older visits are over and the outbox's UNIQUE key still guards them. */
const KNOWN_KEYS_WINDOW_MS = 3 * DAY;
const VISIT_ENDS = new Set<QueueEventType>(['entry.completed', 'entry.no-show', 'entry.cancelled']);
const CALLS = new Set<QueueEventType>(['entry.called']);

export interface LineNotificationsOptions {
  outbox: SmsOutbox;
  sending: SmsSending;
  optOuts: OptOutList;
  /** Where storing runs, one task at a time with the rest of the notifier's work. */
  work: SerialWork;
  queue: QueueConfig;
  sms: SmsConfig;
  clock: () => number;
  log: Logger;
}

export class LineNotifications {
  private readonly rules: RuleContext;
  /** What each phone caller was last told about their callback time. Kept in memory: after a restart the next text sets it again, and nobody is re-texted on a guess. */
  private readonly told = new Map<string, ToldCallback>();

  private constructor(
    private readonly options: LineNotificationsOptions,
    private readonly known: Set<string>,
  ) {
    this.rules = { config: options.queue, sms: options.sms, known: (key) => known.has(key), told: (entryId) => this.told.get(entryId) };
  }

  static async load(options: LineNotificationsOptions): Promise<LineNotifications> {
    return new LineNotifications(options, new Set(await options.outbox.keysSince(options.clock() - KNOWN_KEYS_WINDOW_MS)));
  }

  /** Decides the texts a commit made due at once (the line keeps changing after it) and stores them in the background. */
  afterCommit(events: readonly QueueEvent[], state: QueueState): void {
    let due: DueNotification[];
    try {
      due = this.decided(notificationsAfterCommit(events, state, this.rules));
    } catch (error) {
      // Texts are not worth a failed commit: the line goes on without them.
      this.options.log.error('SMS notifier could not decide texts', { seq: events.at(-1)?.seq, error: (error as Error).message });
      return;
    }
    const ended = entryIdsOf(events, VISIT_ENDS);
    const called = entryIdsOf(events, CALLS);
    for (const entryId of [...ended, ...called]) this.told.delete(entryId);
    const { outbox, clock } = this.options;
    this.options.work.inBackground('store texts', async () => {
      for (const entryId of ended) await outbox.cancelPendingFor(entryId, NOTIFICATION_KINDS, 'the visit ended', clock());
      for (const entryId of called) await outbox.cancelPendingFor(entryId, ['next', 'transferred'], 'called meanwhile', clock());
      await this.store(due);
    });
  }

  /** What may have been missed while the hub was down, decided and stored in the background. */
  catchUp(state: QueueState): void {
    this.options.work.inBackground('catch up after a restart', () => this.store(this.decided(notificationsAtStart(state, this.options.clock(), this.rules))));
  }

  /** Keys of long-finished visits leave memory; should one be decided again, the outbox's UNIQUE key still drops it. */
  async forgetOldKeys(): Promise<void> {
    const recent = await this.options.outbox.keysSince(this.options.clock() - KNOWN_KEYS_WINDOW_MS);
    this.known.clear();
    for (const key of recent) this.known.add(key);
  }

  /** Known from this moment, so the next commit does not decide the same text while this one is stored. */
  private decided(due: DueNotification[]): DueNotification[] {
    for (const { key, entryId, message } of due) {
      this.known.add(key);
      if (message.kind === 'callback-confirmed' || message.kind === 'callback-moved') {
        this.told.set(entryId, { expectedAt: message.expectedAt, at: this.options.clock(), texts: (this.told.get(entryId)?.texts ?? 0) + 1 });
      }
    }
    return due;
  }

  private async store(due: DueNotification[]): Promise<void> {
    for (const [index, notification] of due.entries()) {
      if (this.options.optOuts.has(notification.to)) {
        // Decided again at a later commit, in case the number says START meanwhile.
        this.known.delete(notification.key);
        continue;
      }
      try {
        await this.options.sending.store(notification);
      } catch (error) {
        // Not stored: a later commit decides these again.
        for (const unstored of due.slice(index)) this.known.delete(unstored.key);
        throw error;
      }
    }
    this.options.sending.send();
  }
}

function entryIdsOf(events: readonly QueueEvent[], types: ReadonlySet<QueueEventType>): string[] {
  return events.flatMap((event) => (types.has(event.data.type) && 'entryId' in event.data ? [event.data.entryId] : []));
}
