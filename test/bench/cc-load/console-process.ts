/**
 * The console under load, in a process of its own so that its memory is its
 * own: the real service (contact-center/service.ts) on the bench's broker,
 * reporting each applied batch's lag from its events' commit times.
 * Configured by the bench through LOBBYLINE_BENCH_CC_PROCESS (JSON).
 */
import { startConsole } from '../../../contact-center/service.ts';
import { measuredProcess } from './measured-process.ts';

const config = JSON.parse(process.env.LOBBYLINE_BENCH_CC_PROCESS ?? '{}') as { url: string; dbPath: string; apiKey: string; clientId: string; partition?: string };
const measured = measuredProcess();
const console_ = await startConsole({
  urls: [config.url],
  clientId: config.clientId,
  dbPath: config.dbPath,
  agents: [],
  apiKey: config.apiKey,
  httpPort: 0,
  host: '127.0.0.1',
  reconnectPeriodMs: 200,
  replayRetryMs: 1_000,
  onApplied: (_site, events) => measured.took(events),
  onProblem: (message) => process.stderr.write(`console: ${message}\n`),
});
measured.ready({ url: console_.url });
