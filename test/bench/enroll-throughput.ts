/**
 * Durably committed enrolments per second: every acknowledgement waits for its
 * commit (synchronous=FULL). Baseline in the same run: the same engine driven
 * one command at a time, i.e. one transaction and fsync per command.
 */
import { benchActor, benchDir, fmt, openEngine } from './engine-bench.ts';

const SERVICES = ['lab', 'xray', 'reg'];

async function enrollMany(count: number, inFlight: number) {
  const { file, remove } = await benchDir('enroll');
  let transactions = 0;
  const { engine, log } = await openEngine(file, { onCommit: () => transactions++ });
  const started = performance.now();
  let next = 0;
  let acknowledged = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const result = await engine.execute({ type: 'enroll', serviceId: SERVICES[i % 3]!, channel: 'kiosk' }, benchActor);
      if (!result.ok) throw new Error(result.error.message);
      acknowledged++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  await engine.close();
  await log.close();
  await remove();
  return { perSecond: acknowledged / seconds, transactions, acknowledged };
}

export async function benchEnrollThroughput(): Promise<string[]> {
  const baseline = await enrollMany(500, 1);
  const grouped = await enrollMany(20_000, 256);
  return [
    `enrolments, one commit each (baseline): ${fmt(baseline.perSecond, 0)}/s`,
    `enrolments, group commit, 256 in flight: ${fmt(grouped.perSecond, 0)}/s ` +
      `(${grouped.acknowledged} acknowledged in ${grouped.transactions} transactions; ` +
      `${fmt(grouped.perSecond / baseline.perSecond)}x baseline; goal >= 2000/s)`,
  ];
}
