/**
 * What both processes the load bench compares (the console and the bare
 * subscriber) share: their lag from each event's `at`, their peak heap, and
 * answering the bench's `report` message over IPC.
 */
import type { UpstreamEvent } from '../../../hub/contract/index.ts';
import { LagHistogram, type LagFigures } from './lag-histogram.ts';

export interface ProcessReport {
  lag: LagFigures;
  /** Events taken (applied, for the console; counted, for the subscriber). */
  events: number;
  heapUsedPeak: number;
  heapUsed: number;
  rss: number;
}

export function measuredProcess() {
  const lag = new LagHistogram();
  let events = 0;
  let heapUsedPeak = 0;
  const sampleHeap = () => (heapUsedPeak = Math.max(heapUsedPeak, process.memoryUsage().heapUsed));
  setInterval(sampleHeap, 250).unref();
  process.on('message', (message) => {
    if (message !== 'report') return;
    sampleHeap();
    const memory = process.memoryUsage();
    const report: ProcessReport = { lag: lag.figures(), events, heapUsedPeak, heapUsed: memory.heapUsed, rss: memory.rss };
    process.send!(report);
  });
  // A normal exit, so that --cpu-prof writes its profile.
  process.on('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
  return {
    took(batch: UpstreamEvent[]): void {
      const now = Date.now();
      for (const event of batch) lag.add(now - Date.parse(event.at));
      events += batch.length;
    },
    ready(details: Record<string, unknown>): void {
      process.send!({ ready: true, ...details });
    },
  };
}
