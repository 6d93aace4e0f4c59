/**
 * Phone numbers, and with them what was said about the person (the reason
 * for the visit and staff and agents' notes), are kept for the visit and the
 * site's retention window, then deleted everywhere the hub holds them. This is the one place that decides
 * when: a `purge-contacts` command records the deletion in the line's history
 * (so a replay agrees), then the stored events and snapshots are redacted,
 * and every other store that kept numbers (the SMS outbox) forgets them with
 * the same cutoff. Those stores schedule nothing of their own.
 */
import type { HubContext } from '../context.ts';
import { parseCommand } from '../contract/index.ts';
import type { EventLog } from '../store/event-log.ts';
import type { QueueEngine } from '../engine/engine.ts';
import { holdsContact } from '../queue/commands/purge-contacts.ts';

const HOUR = 3_600_000;
const PURGE_EVERY_MS = 15 * 60_000;
/** After a crash between the purge's commit and the redaction, a restart redacts visits this recent again. */
const RECHECK_DAYS = 7;

/** A store beside the line that keeps phone numbers (the SMS notifier's outbox). */
export interface PhoneNumberStore {
  /** Forgets the numbers of visits that ended before `before`. */
  purgeContacts(before: Date): Promise<unknown>;
}

export interface ContactRetentionOptions {
  engine: QueueEngine;
  log: EventLog;
  retentionHours: number;
  /** Every other store that keeps phone numbers, named when retention is built so none is left out of a purge; [] when there is none. */
  otherStores: readonly PhoneNumberStore[];
  context: HubContext;
}

export class ContactRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: ContactRetentionOptions) {}

  /** Redacts what a crash may have left, purges once, then again every PURGE_EVERY_MS. */
  start(): void {
    this.running = this.redactRecent().then(() => this.purge());
    this.timer = setInterval(() => this.runOnce(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  /** One purge now (also what the timer runs); resolves when it is done. */
  runOnce(): Promise<void> {
    this.running = this.running.then(() => this.purge());
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async purge(): Promise<void> {
    const { engine, log, otherStores, context } = this.options;
    const { clock, logger } = context;
    try {
      const command = parseCommand('purge-contacts', {});
      if (!command.ok) throw new Error(command.message);
      const outcome = await engine.execute(command.command, { kind: 'system', id: 'contact-retention' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const purged = 'entryIds' in outcome.result ? outcome.result.entryIds : [];
      await log.redactPhones(purged);
      const before = new Date(clock() - this.options.retentionHours * HOUR);
      // Visits the line has dropped since (finished ones go at the next day's start) are found by time.
      const stillKept = Object.values(engine.state.entries).filter(holdsContact).map((entry) => entry.id);
      await log.redactPhonesBefore(before.getTime(), stillKept);
      for (const store of otherStores) await store.purgeContacts(before);
      if (purged.length > 0) logger.info('Deleted phone numbers of finished visits', { visits: purged.length });
    } catch (error) {
      logger.error('Could not delete phone numbers that are past their retention time; will try again', { error: (error as Error).message });
    }
  }

  private async redactRecent(): Promise<void> {
    const { log, context } = this.options;
    await log.redactPhones(this.finishedWithoutPhone(context.clock() - RECHECK_DAYS * 24 * HOUR)).catch((error: Error) => {
      context.logger.error('Could not redact phone numbers from the event log', { error: error.message });
    });
  }

  private finishedWithoutPhone(since: number): string[] {
    return Object.values(this.options.engine.state.entries)
      .filter((entry) => !holdsContact(entry) && entry.finishedAt !== null && entry.finishedAt >= since)
      .map((entry) => entry.id);
  }
}
