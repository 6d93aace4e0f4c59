/**
 * `npm run simulate`: a realistic clinic day (hub/insights/day-model.ts), for
 * demos and reports.
 *
 * By default it runs a hub of its own on a simulated clock, into a data folder
 * of its own (data/simulated), and plays the day through that hub's REST API
 * in under a minute. Every time recorded is the time of a real day: visits spread
 * over opening hours, waits and service times in minutes. Open the folder with
 * `npm start -- --data-dir data/simulated` to see the day in Reports and
 * estimates learned from it. The demo's own data folder is never touched.
 *
 * With `--url` it drives a hub that is already running, on the real clock, at
 * the pace of a real day (a 9-hour day takes 9 hours): the visits are real
 * visits to that hub, in its reports and its estimates. There is no faster
 * pace: it would teach that hub that people are served in seconds.
 *
 * The hub of a simulation sends no texts, mirrors nothing upstream and calls
 * no webhooks: its people are made up.
 */
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { apiKeyHash } from './access/api-keys.ts';
import { startHub } from './app.ts';
import { systemClock } from './context.ts';
import { DEFAULT_DAY } from './insights/day-model.ts';
import { zonedTime } from './contract/site-clock.ts';
import { dayApi, driveDay, realTime, SimulatedTime, type DayCounts } from './insights/day-driver.ts';
import type { Report } from './contract/reports.ts';
import { createLogger } from './log.ts';
import { localDay } from './queue/index.ts';
import { demoSite } from './site/demo.ts';
import { loadSiteConfig, type SiteConfig } from './site/config.ts';
import { dataFiles } from './site/data-files.ts';

const USAGE = `Usage: npm run simulate -- [--data-dir data/simulated] [--site FILE] [--date YYYY-MM-DD] [--days 1] [--opens 08:00] [--seed 1] [--visits ${DEFAULT_DAY.visits}]
       npm run simulate -- --url http://localhost:8080 [--key API_KEY] [--seed 1] [--visits ${DEFAULT_DAY.visits}]

Without --url: a hub of its own on a simulated clock plays a whole day in under a minute, into a fresh data folder.
  --data-dir  where the simulated days are written (default data/simulated; must not hold this site's data yet)
  --site      the site file (default: the demo site)
  --date      the last day simulated (default: yesterday in the site's time zone; must be before today)
  --days      how many days, ending on --date (default 1)
  --opens     opening time, local (default 08:00); the day lasts ${DEFAULT_DAY.openHours} hours and staff serve everyone who came
  Then: npm start -- --data-dir data/simulated   (Reports show the day; estimates have learned from it)

With --url: drives that running hub on the real clock, at the pace of a real day (${DEFAULT_DAY.openHours} hours), starting now.
  --key       API key with every scope; defaults to LOBBYLINE_API_KEY, then the demo site's key

Both: --seed makes the day repeatable; --visits is the expected number of visits in a day.`;

const DAY_MS = 24 * 60 * 60_000;

export interface SimulateOptions {
  site: SiteConfig;
  dataDir: string;
  /** The last day, YYYY-MM-DD, in the site's time zone. */
  lastDay: string;
  days: number;
  opens: string;
  seed: number;
  visits: number;
  progress?: (line: string) => void;
}

/**
 * Simulated days written into a fresh data folder by a hub on a simulated
 * clock. Refuses a folder that already holds the site's data (days would
 * land before what is recorded there) and days that are not over yet.
 */
export async function simulateIntoDataDir(options: SimulateOptions): Promise<DayCounts[]> {
  const { site } = options;
  const today = localDay(systemClock(), site.timezone);
  if (!(options.lastDay < today)) throw new Error(`--date must be a day before today (${today} in ${site.timezone}), not ${options.lastDay}`);
  const files = await dataFiles(options.dataDir, site.siteId);
  if (await access(files.events).then(() => true, () => false)) {
    throw new Error(`${options.dataDir} already holds data for ${site.siteId} (${files.events}): simulate into a fresh folder, or delete it first`);
  }
  const first = zonedTime(options.lastDay, options.opens, site.timezone) - (options.days - 1) * DAY_MS;
  const time = new SimulatedTime(first);
  const key = randomBytes(24).toString('base64url');
  const hub = await startHub({
    site: simulationSite(site, key),
    dataDir: options.dataDir,
    httpPort: 0,
    mqttPort: 0,
    host: '127.0.0.1',
    clock: time.now,
    logger: createLogger('warn'),
  });
  // The hub's timer runs on real time, which barely passes while the simulated clock jumps hours.
  time.whenAdvanced(hub.checkCallbackDeadlines);
  const results: DayCounts[] = [];
  try {
    const api = dayApi(hub.httpUrl, key);
    for (let day = 0; day < options.days; day++) {
      const date = localDay(first + day * DAY_MS, site.timezone);
      // Each day opens at the same local time, whatever the clock changes in between.
      const opening = zonedTime(date, options.opens, site.timezone);
      time.jumpTo(opening);
      const counts = await driveDay({
        api,
        clock: time,
        opening,
        model: { seed: options.seed + day, visits: options.visits },
        services: site.services.map((s) => ({ id: s.id, expectedServiceMinutes: s.expectedServiceMinutes })),
        ...(options.progress && { progress: (c, minutes) => options.progress!(`${date} +${minutes / 60}h ${JSON.stringify(c)}`) }),
      });
      options.progress?.(`${date}: ${JSON.stringify(counts)}`);
      const report = await api<Report>('GET', `/reports?from=${date}&to=${date}`);
      if (report.ok) options.progress?.(callbackSummary(date, report.body));
      results.push(counts);
    }
  } finally {
    await hub.close();
  }
  return results;
}

/** The day's callback, voicemail and lobby figures, as Reports show them. */
export function callbackSummary(date: string, report: Report): string {
  const { callbacks: c, voicemails: v } = report;
  const min = (value: number | null) => (value === null ? '–' : `${value} min`);
  const lobby = report.byFirstChannel.map((row) => `${row.key} ${min(row.waitMedianMinutes)} (${row.inLobby} of ${row.visits} came in: ${min(row.lobbyMedianMinutes)} in the lobby)`).join('; ');
  return [
    `${date} callbacks: ${c.attempts} attempts, ${c.reached} reached (${c.reachRate === null ? '–' : `${Math.round(c.reachRate * 100)}%`}), ${c.noAnswers} no answer, ${c.timedOut} timed out; your turn → reached ${min(c.reachedMedianMinutes)} median, ${min(c.reachedP90Minutes)} p90`,
    `${date} voicemails: ${v.left} left, ${v.returned} returned (${min(v.returnMedianMinutes)} median to return), ${v.neverReturned} never returned that day`,
    `${date} median wait by first channel: ${lobby}`,
  ].join('\n');
}

/** The site as the simulation's hub runs it: its own API key, and nothing that reaches real people or systems. */
function simulationSite(site: SiteConfig, key: string): SiteConfig {
  const { sms: _sms, mirror: _mirror, tls: _tls, ...rest } = site;
  return { ...rest, webhooks: [], apiKeys: [{ id: 'simulation', secretHash: apiKeyHash(key), scopes: ['read', 'enrol', 'contact-center', 'manage'] }] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      'data-dir': { type: 'string', default: 'data/simulated' },
      site: { type: 'string' },
      date: { type: 'string' },
      days: { type: 'string', default: '1' },
      opens: { type: 'string', default: '08:00' },
      seed: { type: 'string', default: '1' },
      visits: { type: 'string', default: String(DEFAULT_DAY.visits) },
      speed: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.speed !== undefined) {
    throw new Error(
      '--speed is gone: a running hub driven faster than real time learns that people are served in seconds. Without --url the day runs in seconds on a simulated clock.',
    );
  }
  const seed = wholeNumber(values.seed, '--seed', 0);
  const visits = wholeNumber(values.visits, '--visits', 1);

  if (values.url) {
    const key = values.key ?? process.env.LOBBYLINE_API_KEY ?? 'demo-api-key';
    const clock = realTime();
    console.log(`Driving ${values.url} on the real clock: a ${DEFAULT_DAY.openHours}-hour day from now, about ${visits} visits. Stop with Ctrl-C.`);
    const counts = await driveDay({
      api: dayApi(values.url, key),
      clock,
      opening: clock.now(),
      model: { seed, visits },
      progress: (c, minutes) => console.log(`+${minutes / 60}h ${JSON.stringify(c)}`),
    });
    console.log(`Done: ${JSON.stringify(counts)}`);
    return;
  }

  const site = values.site ? await loadSiteConfig(resolve(values.site)) : demoSite();
  const dataDir = resolve(values['data-dir']);
  const lastDay = values.date ?? localDay(systemClock() - DAY_MS, site.timezone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(lastDay)) throw new Error(`--date must be YYYY-MM-DD, not ${lastDay}`);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.opens)) throw new Error(`--opens must be HH:MM, not ${values.opens}`);
  const days = wholeNumber(values.days, '--days', 1);
  console.log(`Simulating ${days} day(s) of ${site.name} ending ${lastDay}, opening ${values.opens} ${site.timezone}, on a simulated clock, into ${dataDir}`);
  await simulateIntoDataDir({ site, dataDir, lastDay, days, opens: values.opens, seed, visits, progress: (line) => console.log(line) });
  console.log(`Done. See the day in Reports (${lastDay}):\n  npm start -- --data-dir ${values['data-dir']}${values.site ? ` --site ${values.site}` : ''}`);
}

function wholeNumber(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, not '${value}'`);
  return n;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`Simulation stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
