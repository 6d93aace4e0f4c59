/**
 * A counter never waits on a phone call it cannot see: a callback the contact
 * center reported nothing about within the site's answer time is recorded as
 * 'timed-out' by the hub itself, and the site's no-answer policy frees the
 * counter (hub/queue/commands/callback-result.ts). Deadlines are read from the
 * line's state on each check, so a restarted hub times out whatever came due
 * while it was down at its first check.
 */
import type { HubContext } from '../context.ts';
import type { QueueEngine } from '../engine/engine.ts';
import { answerBy, callbackPolicy, openAttempt } from '../queue/index.ts';

/** A deadline is honoured to within this. */
const CHECK_EVERY_MS = 15_000;
const ACTOR = { kind: 'system', id: 'callback-deadline' } as const;

export class CallbackDeadlines {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: QueueEngine,
    private readonly context: HubContext,
    private readonly checkEveryMs = CHECK_EVERY_MS,
  ) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.checkEveryMs);
    this.timer.unref();
  }

  /** One check now (also what the timer runs); resolves when it is done. */
  runOnce(): Promise<void> {
    this.running = this.running.then(() => this.timeOutOverdue());
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async timeOutOverdue(): Promise<void> {
    const { engine, context } = this;
    const policy = callbackPolicy(engine.config);
    const now = context.clock();
    const overdue = Object.values(engine.state.entries).flatMap((entry) => {
      const attempt = entry.status === 'called' ? openAttempt(entry) : null;
      return attempt && answerBy(attempt, policy) <= now ? [{ entry, attempt }] : [];
    });
    for (const { entry, attempt } of overdue) {
      const result = await engine.execute({ type: 'callback-result', entryId: entry.id, outcome: 'timed-out', attempt: attempt.attempt }, ACTOR);
      // Refused when the contact center's own report got there first: nothing is left to time out then.
      if (result.ok) context.logger.info('A callback timed out with no outcome reported', { ticket: entry.ticket, attempt: attempt.attempt });
      else if (result.error.code !== 'invalid_state') context.logger.warn('Could not time out a callback; will try again', { ticket: entry.ticket, error: result.error.message });
    }
  }
}
