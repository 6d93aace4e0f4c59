/**
 * Print job ids, which the hub gives and the kiosk screen reads back from its
 * agent's `lastJob`. Kept apart from devices.ts so the kiosk bundle stays free of zod.
 */
/** One job per entry: the kiosk screen finds its ticket's outcome in the agent's `lastJob` by this id. */
export function printJobIdOf(entryId: string): string {
  return `ticket-${entryId}`.slice(0, 64);
}

/** A reprint's job id: the entry's, plus a mark of when, so the agent does not take it for the first job delivered twice. */
export function reprintJobIdOf(entryId: string, now: number): string {
  return `${printJobIdOf(entryId)}-r${now.toString(36)}`.slice(0, 64);
}

/** Whether a job (first print or reprint) was for this entry's ticket; entry ids are UUIDs, so nothing is cut off. */
export function isPrintJobOf(jobId: string, entryId: string): boolean {
  const first = printJobIdOf(entryId);
  return jobId === first || jobId.startsWith(`${first}-r`);
}
