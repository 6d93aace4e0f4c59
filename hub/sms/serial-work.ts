/**
 * The notifier's work that touches the outbox (a commit's texts, an answer
 * to a reply, a delivery report, a purge) runs one task at a time, in the
 * order it came, so no two ever interleave. A failed task is logged here
 * once; a caller that waits for it sees the error too.
 */
import type { Logger } from '../log.ts';

export class SerialWork {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  /** Runs `task` after everything queued before it; `what` names it in the log should it fail. */
  run<T>(what: string, task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => {},
      (error: Error) => this.log.error(`SMS notifier could not ${what}`, { error: error.message }),
    );
    return result;
  }

  /** For callers that do not wait: a failure is only logged. */
  inBackground(what: string, task: () => Promise<unknown>): void {
    this.run(what, task).catch(() => {});
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * Resolves once this work and `other` are both quiet. Each can give the
   * other more (a text sent, a reply's command commits), so both are awaited
   * until nothing new was queued meanwhile.
   */
  async quietWith(other: () => Promise<void>): Promise<void> {
    for (let seen = this.tail; ; seen = this.tail) {
      await seen;
      await other();
      if (seen === this.tail) return;
    }
  }
}
