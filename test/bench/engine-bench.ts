/** Shared set-up for engine benchmarks: a real event log in a temp dir and the demo site's line. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEngine } from '../../hub/engine/engine.ts';
import type { Actor, QueueConfig } from '../../hub/queue/index.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { EventLog } from '../../hub/store/event-log.ts';

export const benchActor: Actor = { kind: 'system', id: 'bench' };

/** The demo site without its join cap, so a benchmark can fill the lines. */
export function benchConfig(): QueueConfig {
  const config = queueConfigOf(demoSite());
  return { ...config, services: config.services.map((s) => ({ ...s, maxWaiting: Number.MAX_SAFE_INTEGER })) };
}

export async function benchDir(name: string) {
  const dir = await mkdtemp(join(tmpdir(), `lobbyline-bench-${name}-`));
  return { dir, file: join(dir, 'events.sqlite'), remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function openEngine(file: string, options: { clock?: () => number; snapshotEvery?: number; onCommit?: (n: number) => void } = {}) {
  const log = await EventLog.open(file, options.onCommit ? { onCommit: options.onCommit } : {});
  const engine = await QueueEngine.open({
    config: benchConfig(),
    log,
    ...(options.clock && { clock: options.clock }),
    ...(options.snapshotEvery && { snapshotEvery: options.snapshotEvery }),
  });
  return { log, engine };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
