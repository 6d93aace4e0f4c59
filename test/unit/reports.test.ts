/** Report figures from a known event log, checked against values worked out by hand. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildReport, reportToCsv } from '../../hub/insights/reports.ts';
import { Line } from '../helpers/queue.ts';

/** 2 March 2026 in New York: lab visits A and B, X-ray C (no-show), lab D (left). */
function knownDay(): Line {
  const line = new Line(); // 09:00 local
  line.open('c1', 'c2');
  const a = line.enroll('lab');
  line.advance(5);
  const b = line.enroll('lab'); // 09:05
  line.advance(5);
  line.ok({ type: 'call-next', counterId: 'c1' }); // A at 09:10: waited 10
  line.advance(1);
  line.ok({ type: 'start-serving', entryId: a });
  line.advance(10);
  line.ok({ type: 'call-next', counterId: 'c1' }); // 09:21: A done after 10, B called: waited 16
  line.advance(1);
  line.ok({ type: 'start-serving', entryId: b });
  line.advance(5);
  line.ok({ type: 'complete', entryId: b }); // 09:27: served 5
  line.advance(3);
  const c = line.enroll('xray', { channel: 'remote' }); // 09:30
  line.advance(2);
  line.ok({ type: 'call-entry', counterId: 'c2', entryId: c }); // waited 2
  line.advance(3);
  line.ok({ type: 'no-show', entryId: c });
  line.advance(25);
  const d = line.enroll('lab'); // 10:00
  line.advance(20);
  line.ok({ type: 'cancel', entryId: d, reason: 'left' });
  return line;
}

const report = () => buildReport(knownDay().log, { timezone: 'America/New_York', from: '2026-03-02', to: '2026-03-02', targetMinutes: 15 });

describe('reports', () => {
  it('totals: volumes, waits and service times (median, 90th percentile), abandonment, service level', () => {
    expect(report().totals).toEqual({
      key: 'all',
      visits: 4,
      served: 2,
      waitMedianMinutes: 10,
      waitP90Minutes: 16,
      serviceMedianMinutes: 5,
      serviceP90Minutes: 10,
      left: 1,
      noShows: 1,
      withinTarget: 0.667,
      // A and B joined at the kiosk: in the lobby all their wait; C never came in.
      lobbyMedianMinutes: 10,
      lobbyP90Minutes: 16,
      inLobby: 2,
    });
  });

  it('breaks down by service, counter, channel and hour', () => {
    const r = report();
    expect(r.byService.map((row) => [row.key, row.visits, row.waitMedianMinutes, row.waitP90Minutes, row.withinTarget])).toEqual([
      ['lab', 3, 10, 16, 0.5],
      ['xray', 1, 2, 2, 1],
    ]);
    expect(r.byCounter.map((row) => [row.key, row.visits])).toEqual([
      ['c1', 2],
      ['c2', 1],
    ]);
    expect(r.byChannel.map((row) => [row.key, row.visits, row.left, row.noShows])).toEqual([
      ['kiosk', 3, 1, 0],
      ['remote', 1, 0, 1],
    ]);
    expect(r.byHour.map((row) => [row.key, row.visits])).toEqual([
      ['09', 3],
      ['10', 1],
    ]);
  });

  it('counts only the days asked for', () => {
    const line = knownDay();
    expect(buildReport(line.log, { timezone: 'America/New_York', from: '2026-03-03', to: '2026-03-09', targetMinutes: 15 }).totals.visits).toBe(0);
  });

  it('round-trips through CSV read by an independent parser', () => {
    const r = report();
    const rows = parse(reportToCsv(r), { columns: true }) as Record<string, string>[];
    const breakdowns = r.byService.length + r.byCounter.length + r.byChannel.length + r.byFirstChannel.length + r.byPath.length + r.byHour.length;
    const figures = Object.keys(r.callbacks).length + Object.keys(r.voicemails).length + r.abandonmentByChannel.length + r.abandonmentByWaitSoFar.length;
    expect(rows).toHaveLength(1 + breakdowns + figures);
    const total = rows[0]!;
    expect(total).toMatchObject({ dimension: 'total', key: 'all', visits: '4', waitP90Minutes: '16', withinTarget: '0.667' });
    const xray = rows.find((row) => row.dimension === 'service' && row.key === 'xray')!;
    expect(xray.serviceMedianMinutes).toBe(''); // nobody was served
  });
});
