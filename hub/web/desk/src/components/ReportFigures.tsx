/** The report's figures beyond waits: callbacks, voicemails and who gave up, by channel and by how long they had waited. */
import type { AbandonmentRow, Report } from '../../../../contract/reports.ts';
import { messages } from '../messages.ts';

export const minutes = (value: number | null) => (value === null ? '–' : `${value} min`);
export const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const pair = (median: number | null, p90: number | null) => (median === null ? '–' : `${median} / ${p90} min`);

/** Figures as tiles: the day's totals (`report-totals`), or a group of other figures named by `label`. */
export function Tiles({ tiles, label }: { tiles: [string, string][]; label?: string }) {
  return (
    <dl class={label ? 'report-figures' : 'report-totals'} aria-label={label}>
      {tiles.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function CallbackFigures({ report }: { report: Report }) {
  const m = messages.reports;
  const { callbacks: c, voicemails: v } = report;
  return (
    <>
      <h2>{m.callbacks}</h2>
      <Tiles
        label={m.callbacks}
        tiles={[
          [m.attempts, String(c.attempts)],
          [m.reached(percent(c.reachRate)), String(c.reached)],
          [m.noAnswers, String(c.noAnswers)],
          [m.timedOut, String(c.timedOut)],
          [m.toReached, pair(c.reachedMedianMinutes, c.reachedP90Minutes)],
        ]}
      />
      <h2>{m.voicemails}</h2>
      <Tiles
        label={m.voicemails}
        tiles={[
          [m.voicemailsLeft, String(v.left)],
          [m.returned, String(v.returned)],
          [m.toReturn, pair(v.returnMedianMinutes, v.returnP90Minutes)],
          [m.neverReturned, String(v.neverReturned)],
        ]}
      />
    </>
  );
}

export function Abandonment({ report, channelLabel }: { report: Report; channelLabel: (key: string) => string }) {
  const m = messages.reports;
  return (
    <>
      <h2>{m.abandonment}</h2>
      <AbandonmentTable title={m.abandonmentByChannel} rows={report.abandonmentByChannel} label={channelLabel} visits={m.visits} />
      <AbandonmentTable title={m.abandonmentByWait} rows={report.abandonmentByWaitSoFar} label={(key) => m.waitSoFar[key] ?? key} visits={m.reachedWait} />
    </>
  );
}

function AbandonmentTable({ title, rows, label, visits }: { title: string; rows: AbandonmentRow[]; label: (key: string) => string; visits: string }) {
  const m = messages.reports;
  return (
    <table class="report-table abandonment">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">{visits}</th>
          <th scope="col">{m.left}</th>
          <th scope="col">{m.noShows}</th>
          <th scope="col">{m.rate}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{label(r.key)}</th>
            <td>{r.visits}</td>
            <td>{r.left}</td>
            <td>{r.noShows}</td>
            <td>{percent(r.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
