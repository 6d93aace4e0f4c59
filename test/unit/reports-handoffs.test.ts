/**
 * Report figures for hand-offs, time in the lobby, callbacks, voicemails and
 * abandonment, from a hand-made day whose figures are worked out by hand. The
 * contact center's callback outcomes are events of their own
 * (entry.callback-result), written here as the log would hold them.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildReport, reportToCsv } from '../../hub/insights/reports.ts';
import type { CallbackOutcome } from '../../hub/queue/index.ts';
import { command, Line } from '../helpers/queue.ts';

/**
 * 2 March 2026 in New York, from 09:00 (t=0, minutes):
 * P  phone lab       called t10 (attempt 1: no answer, back in line), t20 (attempt 2: reached t23), done
 * R  remote lab      "I'm here" t5, called t15, done
 * V  voicemail lab   left 08:30, returned t20, called t30 (attempt 1: reached t36), done
 * H  phone reg t40   to the kiosk t45, to the desk t50, called t52, done          (phone→kiosk→desk)
 * L  remote xray t40 leaves t75
 * N  kiosk xray t41  called t47, no-show t50
 * T  phone reg t41   called t55 (attempt 1: timed out t65), no-show
 */
function handOffDay(): Line {
  const line = new Line();
  const result = (entryId: string, attempt: number, outcome: CallbackOutcome) =>
    line.log.push({ seq: line.log.length + 1, at: line.now, actor: { kind: 'integration', id: 'contact-center' }, data: { type: 'entry.callback-result', entryId, attempt, outcome } });
  line.open('c1');
  const p = line.enroll('lab', { channel: 'phone', phone: '+15550100001' });
  const r = line.enroll('lab', { channel: 'remote' });
  line.advance(5);
  line.ok(command('arrived', { entryId: r, via: 'status-page' }));
  line.advance(5);
  line.ok({ type: 'call-next', counterId: 'c1' }); // t10: P
  line.advance(2);
  result(p, 1, 'no-answer');
  line.ok({ type: 'requeue', entryId: p, toPosition: 2 }); // R, P, V
  line.advance(3);
  line.ok({ type: 'call-next', counterId: 'c1' }); // t15: R
  line.advance(1);
  line.ok({ type: 'start-serving', entryId: r });
  line.advance(4);
  line.ok({ type: 'call-next', counterId: 'c1' }); // t20: R done, P called again
  // The contact center returns the voicemail now; it waits from when it was left, so it is not behind anyone.
  const v = line.enroll('lab', { channel: 'phone', phone: '+15550100002', via: 'voicemail', leftAt: '2026-03-02T08:30:00-05:00' });
  line.advance(3);
  result(p, 2, 'reached');
  line.ok({ type: 'start-serving', entryId: p });
  line.advance(7);
  line.ok({ type: 'call-next', counterId: 'c1' }); // t30: P done, V called
  line.advance(6);
  result(v, 1, 'reached');
  line.ok({ type: 'start-serving', entryId: v });
  line.advance(4);
  line.ok({ type: 'complete', entryId: v }); // t40
  const h = line.enroll('reg', { channel: 'phone', phone: '+15550100003' });
  const l = line.enroll('xray', { channel: 'remote' });
  line.advance(1);
  const n = line.enroll('xray');
  const t = line.enroll('reg', { channel: 'phone', phone: '+15550100004' });
  line.advance(4);
  line.ok({ type: 'change-channel', entryId: h, channel: 'kiosk' }); // t45
  line.advance(1);
  line.open('c2');
  line.advance(1);
  line.ok({ type: 'call-entry', counterId: 'c2', entryId: n }); // t47
  line.advance(3);
  line.ok({ type: 'no-show', entryId: n }); // t50
  line.ok({ type: 'change-channel', entryId: h, channel: 'desk' });
  line.open('c3');
  line.advance(2);
  line.ok({ type: 'call-next', counterId: 'c3' }); // t52: H
  line.ok({ type: 'start-serving', entryId: h });
  line.advance(3);
  line.ok({ type: 'call-next', counterId: 'c3' }); // t55: H done, T called
  line.advance(10);
  result(t, 1, 'timed-out');
  line.ok({ type: 'no-show', entryId: t }); // t65
  line.advance(10);
  line.ok({ type: 'cancel', entryId: l, reason: 'left' }); // t75
  return line;
}

const report = () => buildReport(handOffDay().log, { timezone: 'America/New_York', from: '2026-03-02', to: '2026-03-02', targetMinutes: 15 });
const rows = (list: { key: string; visits: number; inLobby: number; lobbyMedianMinutes: number | null; waitMedianMinutes: number | null }[]) =>
  list.map((row) => [row.key, row.visits, row.waitMedianMinutes, row.inLobby, row.lobbyMedianMinutes]);

describe('reports: hand-offs and time in the lobby', () => {
  it('counts a visit under the channel it ended in, as before (phone → kiosk → desk is desk)', () => {
    expect(report().byChannel.map((row) => [row.key, row.visits])).toEqual([
      ['desk', 1],
      ['kiosk', 1],
      ['phone', 3],
      ['remote', 2],
    ]);
  });

  it('also by the channel it started in and by its whole path, with time in the lobby beside the total wait', () => {
    const r = report();
    // [key, visits, median wait, in the lobby before the call, median time there]
    expect(rows(r.byFirstChannel)).toEqual([
      ['kiosk', 1, 6, 1, 6],
      ['phone', 4, 12, 1, 7], // waits P 10, V 60 (from the voicemail), H 12, T 14; only H came in (t45 → called t52)
      ['remote', 2, 15, 1, 10], // R waited 15, 10 of them in the lobby; L was never called
    ]);
    expect(rows(r.byPath)).toEqual([
      ['kiosk', 1, 6, 1, 6],
      ['phone', 3, 14, 0, null],
      ['phone→kiosk→desk', 1, 12, 1, 7],
      ['remote', 2, 15, 1, 10],
    ]);
    expect(r.totals).toMatchObject({ visits: 7, inLobby: 3, lobbyMedianMinutes: 7, lobbyP90Minutes: 10 });
  });
});

describe('reports: callbacks, voicemails and abandonment', () => {
  it('counts callback attempts, their outcomes, the reach rate and the time from "your turn" to reached', () => {
    expect(report().callbacks).toEqual({
      attempts: 4, // P twice, V once, T once; H had left the phone before their call
      reached: 2,
      reachRate: 0.5,
      noAnswers: 1,
      timedOut: 1,
      open: 0,
      reachedMedianMinutes: 3,
      reachedP90Minutes: 6,
    });
  });

  it('counts voicemails left, returned, the time to return them and those never returned that day', () => {
    expect(report().voicemails).toEqual({ left: 1, returned: 1, returnMedianMinutes: 66, returnP90Minutes: 66, neverReturned: 0 });
    const unreturned = new Line();
    unreturned.enroll('lab', { channel: 'phone', phone: '+15550100009', via: 'voicemail', leftAt: '2026-03-02T08:55:00-05:00' });
    const figures = buildReport(unreturned.log, { timezone: 'America/New_York', from: '2026-03-02', to: '2026-03-02', targetMinutes: 15 }).voicemails;
    expect(figures).toEqual({ left: 1, returned: 0, returnMedianMinutes: null, returnP90Minutes: null, neverReturned: 1 });
  });

  it('counts abandonment (left + no-show) by channel and by how long they had waited', () => {
    const r = report();
    expect(r.abandonmentByChannel).toEqual([
      { key: 'desk', visits: 1, left: 0, noShows: 0, rate: 0 },
      { key: 'kiosk', visits: 1, left: 0, noShows: 1, rate: 1 },
      { key: 'phone', visits: 3, left: 0, noShows: 1, rate: 0.333 },
      { key: 'remote', visits: 2, left: 1, noShows: 0, rate: 0.5 },
    ]);
    // Waited until called or gone: P 10, R 15, V 60 (since the voicemail was left), H 12, N 6, T 14, L 35.
    expect(r.abandonmentByWaitSoFar).toEqual([
      { key: '<10', visits: 7, left: 0, noShows: 1, rate: 0.143 },
      { key: '10-30', visits: 6, left: 0, noShows: 1, rate: 0.167 },
      { key: '30-60', visits: 2, left: 1, noShows: 0, rate: 0.5 },
      { key: '>60', visits: 1, left: 0, noShows: 0, rate: 0 },
    ]);
  });

  it('puts the same figures in the CSV', () => {
    const csv = parse(reportToCsv(report()), { columns: true }) as Record<string, string>[];
    const row = (dimension: string, key: string) => csv.find((r) => r.dimension === dimension && r.key === key)!;
    expect(row('path', 'phone→kiosk→desk')).toMatchObject({ visits: '1', waitMedianMinutes: '12', lobbyMedianMinutes: '7', inLobby: '1', value: '' });
    expect(row('first-channel', 'phone')).toMatchObject({ visits: '4', inLobby: '1' });
    expect(row('callbacks', 'reachRate').value).toBe('0.5');
    expect(row('callbacks', 'reachedP90Minutes').value).toBe('6');
    expect(row('voicemails', 'returnMedianMinutes').value).toBe('66');
    expect(row('abandonment-channel', 'remote')).toMatchObject({ visits: '2', left: '1', noShows: '0', value: '0.5' });
    expect(row('abandonment-wait-so-far', '>60')).toMatchObject({ visits: '1', value: '0' });
  });
});
