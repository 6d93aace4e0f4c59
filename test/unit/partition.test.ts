import { describe, expect, it } from 'vitest';
import { followsSite, parsePartition } from '../../contact-center/partition.ts';

const sites = Array.from({ length: 500 }, (_, i) => `site-${i}`);

describe("console instances' share of the sites", () => {
  it('reads i/n and refuses anything else with a message that says the form', () => {
    expect(parsePartition('2/3')).toEqual({ index: 2, count: 3 });
    expect(parsePartition(' 1/1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '-1/3', '1/3/5']) expect(() => parsePartition(bad)).toThrow(/of the form i\/n/);
  });

  it('gives every site to exactly one of n instances, and spreads them', () => {
    const partitions = [1, 2, 3].map((index) => ({ index, count: 3 }));
    for (const site of sites) expect(partitions.filter((p) => followsSite(p, site))).toHaveLength(1);
    for (const partition of partitions) expect(sites.filter((site) => followsSite(partition, site)).length).toBeGreaterThan(500 / 3 - 50);
  });

  it('keeps each site where it was, release after release (a fixed hash: a change would move sites between instances)', () => {
    const owner = (site: string) => [1, 2, 3].find((index) => followsSite({ index, count: 3 }, site));
    expect(['north-clinic', 'south-clinic', 'site-0', 'site-1', 'site-2', 'site-3'].map(owner)).toEqual([2, 2, 3, 1, 1, 2]);
    expect(followsSite({ index: 1, count: 1 }, 'any-site')).toBe(true);
  });
});
