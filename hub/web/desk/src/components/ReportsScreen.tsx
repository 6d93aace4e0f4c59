/**
 * Managers' reports: how long people waited (in all and in the lobby) and
 * were served, who left, and the share served within the target wait, for a
 * range of days, by channel and hand-off path; callbacks, voicemails and who
 * gave up; with charts drawn as plain SVG and the same figures as a CSV download.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Report, ReportRow } from '../../../../contract/reports.ts';
import type { DeskSite } from '../../../../contract/desk.ts';
import type { DeskApi } from '../api.ts';
import type { Notify } from '../actions.ts';
import { deskLanguage, messages } from '../messages.ts';
import { counterName, serviceName } from '../names.ts';
import { hourOfDay } from '../../../../../web-lib/site-time.ts';
import { Abandonment, CallbackFigures, minutes, percent, Tiles } from './ReportFigures.tsx';

interface ReportRange {
  from: string;
  to: string;
  targetMinutes: number;
}

export function ReportsScreen({ api, site, notify }: { api: DeskApi; site: DeskSite; notify: Notify }) {
  const m = messages.reports;
  // Until someone picks days, the hub's default: today at the site, which near midnight is not this computer's today.
  const [chosen, setChosen] = useState<ReportRange | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const query = chosen ? `from=${chosen.from}&to=${chosen.to}&targetMinutes=${chosen.targetMinutes}` : 'targetMinutes=15';
  const range = chosen ?? (report && { from: report.from, to: report.to, targetMinutes: report.targetMinutes });

  useEffect(() => {
    let stale = false;
    void api.get<Report>(`/reports?${query}`).then((result) => {
      if (stale) return;
      if (!result.ok) return notify('error', result.error.message);
      setReport(result.value);
    });
    return () => {
      stale = true;
    };
  }, [query]);

  const label = {
    service: (key: string) => serviceName(site, key),
    counter: (key: string) => counterName(site, key),
    channel: (key: string) => messages.channels[key as keyof typeof messages.channels] ?? key,
    path: (key: string) => key.split('→').map((channel) => label.channel(channel)).join(' → '),
    hour: (key: string) => hourOfDay(Number(key), deskLanguage),
  };

  return (
    <section class="screen reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{m.title}</h1>
      {range && (
        <form class="report-range" onSubmit={(e) => e.preventDefault()}>
          <label>
            {m.from}
            <input type="date" value={range.from} max={range.to} onChange={(e) => setChosen({ ...range, from: e.currentTarget.value })} />
          </label>
          <label>
            {m.to}
            <input type="date" value={range.to} min={range.from} onChange={(e) => setChosen({ ...range, to: e.currentTarget.value })} />
          </label>
          <label>
            {m.target}
            <input
              type="number"
              min={1}
              max={240}
              value={range.targetMinutes}
              onChange={(e) => setChosen({ ...range, targetMinutes: Number(e.currentTarget.value) || 15 })}
            />
          </label>
          <a class="button-link" href={`/desk/api/reports?${query}&format=csv`} download>
            {m.csv}
          </a>
        </form>
      )}
      {report && report.totals.visits === 0 && <p class="empty">{m.empty}</p>}
      {report && report.totals.visits > 0 && (
        <>
          <Totals row={report.totals} targetMinutes={report.targetMinutes} />
          <h2>{m.waitByHour}</h2>
          <p class="intro">{m.hoursAtSite(site.timeZone)}</p>
          <BarChart rows={report.byHour} label={label.hour} value={(r) => r.waitMedianMinutes} second={(r) => r.waitP90Minutes} unit="min" legend={[m.median, m.p90]} />
          <h2>{m.visitsByService}</h2>
          <BarChart rows={report.byService} label={label.service} value={(r) => r.visits} unit="" legend={[m.visits]} />
          <Breakdown title={m.byService} rows={report.byService} label={label.service} />
          <Breakdown title={m.byCounter} rows={report.byCounter} label={label.counter} />
          <Breakdown title={m.byChannel} rows={report.byChannel} label={label.channel} />
          <p class="intro">{m.lobbyIntro}</p>
          <Breakdown title={m.byFirstChannel} rows={report.byFirstChannel} label={label.channel} />
          <Breakdown title={m.byPath} rows={report.byPath} label={label.path} />
          <CallbackFigures report={report} />
          <Abandonment report={report} channelLabel={label.channel} />
        </>
      )}
    </section>
  );
}

function Totals({ row, targetMinutes }: { row: ReportRow; targetMinutes: number }) {
  const m = messages.reports;
  const tiles: [string, string][] = [
    [m.visits, String(row.visits)],
    [m.served, String(row.served)],
    [m.waitMedian, minutes(row.waitMedianMinutes)],
    [m.waitP90, minutes(row.waitP90Minutes)],
    [m.withinTarget(targetMinutes), percent(row.withinTarget)],
    [m.left, String(row.left)],
    [m.noShows, String(row.noShows)],
  ];
  return <Tiles tiles={tiles} />;
}

/** Horizontal bars, one row per key; an optional second value (the 90th percentile) as a lighter bar behind. */
function BarChart(props: {
  rows: ReportRow[];
  label: (key: string) => string;
  value: (row: ReportRow) => number | null;
  second?: (row: ReportRow) => number | null;
  unit: string;
  legend: string[];
}) {
  const { rows, label, value, second, unit } = props;
  const max = Math.max(1, ...rows.map((r) => Math.max(value(r) ?? 0, second?.(r) ?? 0)));
  const rowHeight = 28;
  const width = 640;
  const labelWidth = 150;
  // Room on the right for the longest value label.
  const barSpace = width - labelWidth - 150;
  const bar = (v: number | null) => ((v ?? 0) / max) * barSpace;
  const described = rows.map((r) => `${label(r.key)}: ${value(r) ?? '–'}${second ? ` / ${second(r) ?? '–'}` : ''} ${unit}`).join('; ');
  return (
    <figure class="report-chart">
      <svg viewBox={`0 0 ${width} ${rows.length * rowHeight + 8}`} role="img" aria-label={`${props.legend.join(' / ')}: ${described}`}>
        {rows.map((r, i) => (
          <g key={r.key} transform={`translate(0 ${i * rowHeight + 4})`}>
            <text x={labelWidth - 8} y={18} text-anchor="end" class="chart-label">
              {label(r.key)}
            </text>
            {second && <rect x={labelWidth} y={4} width={bar(second(r))} height={18} class="bar-secondary" />}
            <rect x={labelWidth} y={4} width={bar(value(r))} height={18} class="bar-primary" />
            <text x={labelWidth + Math.max(bar(value(r)), bar(second?.(r) ?? null)) + 6} y={18} class="chart-value">
              {`${value(r) ?? '–'}${second ? ` / ${second(r) ?? '–'}` : ''}${unit ? ` ${unit}` : ''}`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{props.legend.join(' · ')}</figcaption>
    </figure>
  );
}

function Breakdown({ title, rows, label }: { title: string; rows: ReportRow[]; label: (key: string) => string }) {
  const m = messages.reports;
  return (
    <>
      <h2>{title}</h2>
      <table class="report-table">
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{m.visits}</th>
            <th scope="col">{m.served}</th>
            <th scope="col">{m.waitMedian}</th>
            <th scope="col">{m.waitP90}</th>
            <th scope="col">{m.lobbyMedian}</th>
            <th scope="col">{m.serviceMedian}</th>
            <th scope="col">{m.left}</th>
            <th scope="col">{m.noShows}</th>
            <th scope="col">{m.withinTargetShort}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{label(r.key)}</th>
              <td>{r.visits}</td>
              <td>{r.served}</td>
              <td>{minutes(r.waitMedianMinutes)}</td>
              <td>{minutes(r.waitP90Minutes)}</td>
              <td>{minutes(r.lobbyMedianMinutes)}</td>
              <td>{minutes(r.serviceMedianMinutes)}</td>
              <td>{r.left}</td>
              <td>{r.noShows}</td>
              <td>{percent(r.withinTarget)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
