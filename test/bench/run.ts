/** `npm run bench`: prints figures and ratios against baselines measured in the same run. */
import { benchEnrollThroughput } from './enroll-throughput.ts';
import { benchEstimator } from './estimator.ts';
import { benchFanout } from './fanout-hub.ts';
import { benchGhostSessions } from './ghost-sessions.ts';
import { benchMirror } from './mirror.ts';
import { benchRestart } from './restart.ts';

const benches: [string, () => Promise<string[]>][] = [
  ['enrol throughput', benchEnrollThroughput],
  ['restart', benchRestart],
  ['memory over a day (200 vs 2,000 visits)', async () => (await import('./day-memory.ts')).benchDayMemory()],
  ['process start-up (built JS vs tsx)', async () => (await import('./startup.ts')).benchStartup()],
  ['fan-out latency', benchFanout],
  ['mirror', benchMirror],
  ['anonymous ghost sessions', benchGhostSessions],
  ['wait estimate', benchEstimator],
  ['display bundle and call-to-paint', async () => (await import('./display.ts')).benchDisplay()],
  ['kiosk printing', async () => (await import('./kiosk.ts')).benchKiosk()],
  ['kiosk and remote-wait app bundles', async () => (await import('./web-bundles.ts')).benchWebBundles(['kiosk', 'wait'])],
  ['waiters: remote waiters and the lobby path, line length', async () => (await import('./waiters.ts')).benchWaiters()],
  ['enrolment during login storms', async () => (await import('./login-storms.ts')).benchLoginStorms()],
  ['reconnect storm of credentialed displays', async () => (await import('./reconnect-storm.ts')).benchReconnectStorm()],
  ['contact-center console under load', async () => (await import('./console-load.ts')).benchConsoleLoad()],
];

const only = process.argv[2];
for (const [name, bench] of benches) {
  if (only && !name.includes(only)) continue;
  console.log(`\n## ${name}`);
  for (const line of await bench()) console.log(`  ${line}`);
}
