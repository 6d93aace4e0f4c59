/**
 * Three console instances share the sites of one Mosquitto (LOBBYLINE_CC_PARTITION
 * 1/3, 2/3, 3/3), fed by the load generator playing thirty sites' short days
 * with a few events left out (so that replays run too): every site is followed
 * by exactly one instance, each event is applied once, and each site's events
 * are applied in sequence order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteLine } from '../../contact-center/api.ts';
import type { UpstreamEvent } from '../../hub/contract/index.ts';
import { LoadGenerator } from '../bench/cc-load/generator.ts';
import { startTestConsole, type TestConsole } from '../helpers/console.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const SITES = 30;
const INSTANCES = 3;

let upstream: MosquittoBroker;
let generator: LoadGenerator;
const consoles: TestConsole[] = [];
/** Per instance, per site: the sequence numbers applied, in the order they were committed. */
const applied = Array.from({ length: INSTANCES }, () => new Map<string, number[]>());

beforeAll(async () => {
  upstream = await startMosquitto();
  for (let i = 0; i < INSTANCES; i++) {
    const record = (site: string, events: UpstreamEvent[]) => {
      const seqs = applied[i]!.get(site) ?? [];
      applied[i]!.set(site, [...seqs, ...events.map((e) => e.seq)]);
    };
    consoles.push(
      await startTestConsole({ urls: [upstream.url], username: '', password: '', clientId: `console-${i + 1}`, partition: { index: i + 1, count: INSTANCES }, onApplied: record }),
    );
  }
  generator = await LoadGenerator.start({ url: upstream.url, sites: SITES, visits: 20, dayMs: 4_000, dropShare: 0.02, connections: 2 });
});
afterAll(async () => {
  await generator?.close();
  for (const cc of consoles) await cc.stop();
  await upstream?.dispose();
});

const sitesOf = async (cc: TestConsole) => (await cc.get('/api/sites')) as SiteLine[];

describe('three console instances sharing the sites', () => {
  it('follow each site on exactly one instance, apply each event once and in order', async () => {
    // Every site's retained status reaching some instance shows all three subscriptions in place.
    await generator.announce();
    await until(async () => (await Promise.all(consoles.map(sitesOf))).flat().filter((s) => s.link === 'online').length === SITES, 'every site online on one instance');

    await generator.run();
    const lastSeqs = generator.lastSeqs();
    expect(generator.counts.dropped).toBeGreaterThan(0);
    await until(
      async () => (await Promise.all(consoles.map(sitesOf))).flat().every((s) => s.seq === lastSeqs.get(s.site)),
      'every site applied up to its last event',
      60_000,
    );

    const lists = await Promise.all(consoles.map(sitesOf));
    for (const list of lists) expect(list.length).toBeGreaterThan(0);
    const followed = lists.flat();
    expect(followed.map((s) => s.site).sort()).toEqual(generator.siteIds.sort());
    for (const site of followed) expect(site).toMatchObject({ seq: lastSeqs.get(site.site), applied: lastSeqs.get(site.site), link: 'online' });

    for (const site of generator.siteIds) {
      const owners = applied.filter((byInstance) => byInstance.has(site));
      expect(owners, site).toHaveLength(1);
      const seqs = owners[0]!.get(site)!;
      expect(seqs, site).toEqual(Array.from({ length: lastSeqs.get(site)! }, (_, i) => i + 1));
    }
    expect(consoles.reduce((sum, cc) => sum + cc.current().upstream.stats().replaysAsked, 0)).toBeGreaterThan(0);
  });
});
