/**
 * `npm run simulate`: drives a running hub through a realistic day over its
 * REST API, faster than real time: walk-ins at the kiosk, remote waiters,
 * phone callers through the contact-center API, and staff at every counter
 * calling, serving and finishing, with a lunch break. For demos, reports and load.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../context.ts';
import type { EntryView } from '../contract/index.ts';
import { DEFAULT_DAY, lunchBreak, seededRandom, simulatedDay, type SimulatedVisit } from './day-model.ts';

const USAGE = `Usage: npm run simulate -- [--url http://localhost:8080] [--key API_KEY] [--speed 60] [--seed 1] [--visits 110]
  --speed  simulated minutes per real second (60: a 9-hour day in 9 minutes)
  --key    defaults to LOBBYLINE_API_KEY, then the demo site's key`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    key: { type: 'string' },
    speed: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    visits: { type: 'string', default: String(DEFAULT_DAY.visits) },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const key = values.key ?? process.env.LOBBYLINE_API_KEY ?? 'demo-api-key';
const speed = Number(values.speed);
const realMs = (minutes: number) => (minutes * 60_000) / speed;
const sleep = (minutes: number) => new Promise((r) => setTimeout(r, realMs(minutes)));

async function api<T>(method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; body: T }> {
  const response = await fetch(`${values.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { ok: response.ok, status: response.status, body: (await response.json()) as T };
}

interface Site {
  serviceId: string;
  expectedServiceMinutes?: number;
}

const visitsByEntry = new Map<string, SimulatedVisit>();
const random = seededRandom(Number(values.seed) + 7);
const counts = { joined: 0, refused: 0, served: 0, noShows: 0 };

async function arrive(visit: SimulatedVisit, index: number): Promise<void> {
  const phone = `+1555010${String(index % 10_000).padStart(4, '0')}`;
  const joined =
    visit.channel === 'phone'
      ? await api<{ result: EntryView }>('POST', '/contact-center/enroll', {
          requestId: `sim-${values.seed}-${index}`,
          serviceId: visit.serviceId,
          phone,
          language: random() < 0.3 ? 'es' : 'en',
        }).then((r) => ({ ok: r.ok, entry: r.body.result }))
      : await api<EntryView>('POST', '/entries', {
          serviceId: visit.serviceId,
          channel: visit.channel,
          priority: visit.priority,
          ...(visit.channel === 'remote' && { phone }),
        }).then((r) => ({ ok: r.ok, entry: r.body }));
  if (!joined.ok) {
    counts.refused++;
    return;
  }
  counts.joined++;
  visitsByEntry.set(joined.entry.entryId, visit);
}

/** One member of staff at one counter: call, wait for the person, serve, finish, again. */
async function staffCounter(counterId: string, closesAt: number, lunch: ReturnType<typeof lunchBreak>): Promise<void> {
  await api('POST', `/counters/${counterId}/status`, { status: 'open' });
  const started = systemClock();
  const minutesIn = () => ((systemClock() - started) * speed) / 60_000;
  while (minutesIn() < closesAt) {
    if (lunch?.counterId === counterId && minutesIn() >= lunch.fromMinutes && minutesIn() < lunch.toMinutes) {
      await api('POST', `/counters/${counterId}/status`, { status: 'paused' });
      await sleep(lunch.toMinutes - minutesIn());
      await api('POST', `/counters/${counterId}/status`, { status: 'open' });
    }
    const called = await api<EntryView>('POST', `/counters/${counterId}/call-next`);
    if (!called.ok) {
      await sleep(1);
      continue;
    }
    const visit = visitsByEntry.get(called.body.entryId);
    if (visit?.noShow) {
      await sleep(3);
      await api('POST', `/entries/${called.body.entryId}/no-show`);
      counts.noShows++;
      continue;
    }
    await sleep(visit?.walkMinutes ?? 1);
    await api('POST', `/entries/${called.body.entryId}/start-serving`);
    await sleep(visit?.serviceMinutes ?? 5);
    await api('POST', `/entries/${called.body.entryId}/complete`);
    counts.served++;
  }
  await api('POST', `/counters/${counterId}/status`, { status: 'closed' });
}

async function main(): Promise<void> {
  const services = await api<Site[]>('GET', '/services');
  const counters = await api<{ counterId: string }[]>('GET', '/counters');
  if (!services.ok || !counters.ok) throw new Error(`The hub at ${values.url} refused the API key (HTTP ${services.status})`);
  const day = simulatedDay(
    services.body.map((s) => ({ id: s.serviceId, expectedServiceMinutes: s.expectedServiceMinutes ?? 5 })),
    { ...DEFAULT_DAY, seed: Number(values.seed), visits: Number(values.visits) },
  );
  const counterIds = counters.body.map((c) => c.counterId);
  const closesAt = DEFAULT_DAY.openHours * 60;
  console.log(`Simulating a ${DEFAULT_DAY.openHours}-hour day at ${values.url}: ${day.length} visits, ${counterIds.length} counters, ${speed}x`);
  const progress = setInterval(() => console.log(JSON.stringify(counts)), 10_000);
  const staff = counterIds.map((id) => staffCounter(id, closesAt + 30, lunchBreak(counterIds)));
  const arrivals = day.map((visit, i) => sleep(visit.arrivesAfterMinutes).then(() => arrive(visit, i)));
  await Promise.all([...arrivals, ...staff]);
  clearInterval(progress);
  console.log(`Done: ${JSON.stringify(counts)}`);
}

main().catch((error: unknown) => {
  console.error(`Simulation stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
