/**
 * Phone numbers are kept for the visit and the site's retention window, then
 * deleted everywhere the hub holds them: a `purge-contacts` command records
 * the deletion in the line's history (so a replay agrees), then the stored
 * events and snapshots are redacted, and other stores that kept the number
 * (the SMS outbox) are asked to forget it too.
 */
import { parseCommand } from '../contract/index.ts';
import type { Logger } from '../log.ts';
import type { EventLog } from '../store/event-log.ts';
import type { QueueEngine } from '../engine/engine.ts';

/** After a crash between the purge's commit and the redaction, a restart redacts visits this recent again. */
const RECHECK_DAYS = 7;

export interface ContactRetentionOptions {
  engine: QueueEngine;
  log: EventLog;
  logger: Logger;
  retentionHours: number;

  intervalMs?: number;
  clock?: () => number;
}

export class ContactRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly others: Array<(before: Date) => Promise<void>> = [];

  constructor(private readonly options: ContactRetentionOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Another store that keeps numbers (the SMS outbox), purged with the same cutoff. */
  alsoPurge(purge: (before: Date) => Promise<void>): void {
    this.others.push(purge);
  }

  start(): void {
    this.running = this.redactRecent().then(() => this.purge());
    this.timer = setInterval(() => this.runOnce(), this.options.intervalMs ?? 15 * 60_000);
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
    const { engine, log, logger } = this.options;
    try {
      const command = parseCommand('purge-contacts', {});
      if (!command.ok) throw new Error(command.message);
      const outcome = await engine.execute(command.command, { kind: 'system', id: 'contact-retention' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const purged = 'entryIds' in outcome.result ? outcome.result.entryIds : [];
      await log.redactPhones(purged);
      const before = new Date(this.clock() - this.options.retentionHours * 3_600_000);
      // Visits the line has dropped since (finished ones go at the next day's start) are found by time.
      const stillKept = Object.values(engine.state.entries).filter((entry) => entry.phone !== null).map((entry) => entry.id);
      await log.redactPhonesBefore(before.getTime(), stillKept);
      for (const purgeOther of this.others) await purgeOther(before);
      if (purged.length > 0) logger.info('Deleted phone numbers of finished visits', { visits: purged.length });
    } catch (error) {
      logger.error('Could not delete phone numbers that are past their retention time; will try again', { error: (error as Error).message });
    }
  }

  private async redactRecent(): Promise<void> {
    await this.options.log.redactPhones(this.finishedWithoutPhone(this.clock() - RECHECK_DAYS * 86_400_000)).catch((error: Error) => {
      this.options.logger.error('Could not redact phone numbers from the event log', { error: error.message });
    });
  }

  private finishedWithoutPhone(since: number): string[] {
    return Object.values(this.options.engine.state.entries)
      .filter((entry) => entry.phone === null && entry.finishedAt !== null && entry.finishedAt >= since)
      .map((entry) => entry.id);
  }
}
