import { describe, expect, it } from 'vitest';
import type { UpstreamEvent } from '../../hub/contract/index.ts';
import { SiteStream } from '../../contact-center/site-stream.ts';

const event = (seq: number): UpstreamEvent => ({ site: 'north', seq, at: '2026-12-06T09:00:00.000Z', type: 'entry.serving', actor: { kind: 'system', id: 't' }, data: {} });
const seqs = (events: UpstreamEvent[]) => events.map((e) => e.seq);

describe('a site stream in the console', () => {
  it('passes events on in order, right after the cursor', () => {
    const stream = new SiteStream(0);
    expect(seqs(stream.accept(event(1)).ready)).toEqual([1]);
    expect(seqs(stream.accept(event(2)).ready)).toEqual([2]);
    expect(stream.position).toBe(2);
  });

  it('drops a repeat, whether a QoS 1 redelivery or a replay of what it has', () => {
    const stream = new SiteStream(5);
    expect(stream.accept(event(5))).toEqual({ ready: [], missing: null });
    expect(stream.accept(event(3))).toEqual({ ready: [], missing: null });
    expect(stream.position).toBe(5);
  });

  it('holds events past a gap, names the gap, and releases them in order once the replay fills it', () => {
    const stream = new SiteStream(2);
    expect(stream.accept(event(6))).toEqual({ ready: [], missing: { fromSeq: 3, toSeq: 5 } });
    expect(stream.accept(event(7))).toEqual({ ready: [], missing: { fromSeq: 3, toSeq: 5 } });
    expect(stream.accept(event(4))).toEqual({ ready: [], missing: { fromSeq: 3, toSeq: 3 } });
    expect(seqs(stream.accept(event(3)).ready)).toEqual([3, 4]);
    expect(stream.missing()).toEqual({ fromSeq: 5, toSeq: 5 });
    const filled = stream.accept(event(5));
    expect(seqs(filled.ready)).toEqual([5, 6, 7]);
    expect(filled.missing).toBeNull();
    // The replay also sends 6 and 7 again: repeats now.
    expect(stream.accept(event(6)).ready).toEqual([]);
  });

  it('a new site starts from seq 1, so the first event seen later asks for the whole day before it', () => {
    expect(new SiteStream(0).accept(event(40)).missing).toEqual({ fromSeq: 1, toSeq: 39 });
  });
});
