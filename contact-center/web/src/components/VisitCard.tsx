/**
 * One visit of a caller at one site, as look-up and enrolment show it: place,
 * channel, status, expected time, reason and notes, so nobody asks twice.
 * While the visit is going on, the agent may cancel it (after a second
 * "yes") or move the caller to remote waiting, which texts them the status link.
 */
import { useState } from 'preact/hooks';
import type { CallerEntry } from '../../../../hub/contract/index.ts';
import { CONSOLE_ROUTES, type HubReply, type SiteLine } from '../../../api.ts';
import type { ConsoleApi } from '../api.ts';
import { serviceAt, siteName, timeOf } from '../format.ts';
import { clockTime } from '../../../../web-lib/clock-time.ts';
import { consoleLanguage, messages } from '../messages.ts';
import type { Notify } from './Notices.tsx';

interface Props {
  api: ConsoleApi;
  site: string;
  entry: CallerEntry;
  sites: SiteLine[];
  /** The number the agent has for the caller, for the texted status link. */
  phone: string | null;
  notify: Notify;
  onChanged: (entry: CallerEntry) => void;
}

export function VisitCard({ api, site, entry, sites, phone, notify, onChanged }: Props) {
  const m = messages.visit;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const ticket = entry.ticket ?? entry.entryId;
  const line = sites.find((s) => s.site === site);
  const going = entry.status === 'waiting' || entry.status === 'booked' || entry.status === 'called';

  const change = async (path: string, body: object, done: (entry: CallerEntry) => string) => {
    setBusy(true);
    const result = await api.post<HubReply>(path, body);
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return notify('error', result.error.message);
    if (!result.value.ok) return notify('error', result.value.error.message);
    const changed = result.value.result as CallerEntry;
    onChanged(changed);
    notify('ok', done(changed));
  };

  return (
    <li class={`visit status-${entry.status}`} data-entry-id={entry.entryId} data-site={site}>
      <p class="visit-head">
        <span class="ticket">{ticket}</span>
        <span>{siteName(line, site)}</span>
        <span class="muted">{serviceAt(sites, site, entry.serviceId)}</span>
      </p>
      <p class="visit-what">
        <span class="status">{m.status[entry.status]}</span>
        {entry.position !== null && <span class="place">{m.place(entry.position)}</span>}
        <span class="channel">{m.channel[entry.channel] ?? entry.channel}</span>
        {entry.estimate && <span class="expected">{expected(entry.estimate.lowMinutes, entry.estimate.highMinutes, line)}</span>}
        {entry.noCounterOpen && (
          <span class="no-counter">
            {messages.sites.noCounterOpen(entry.noCounterOpen.usuallyOpensAt && clockTime(entry.noCounterOpen.usuallyOpensAt, consoleLanguage))}
          </span>
        )}
        <span class="muted">{m.joined(timeOf(entry.enrolledAt, line))}</span>
      </p>
      {entry.reason && (
        <p class="visit-reason">
          <strong>{m.reason}:</strong> {entry.reason}
        </p>
      )}
      {entry.notes.length > 0 && (
        <div class="visit-notes">
          <strong>{m.notes}:</strong>
          <ul class="notes">
            {entry.notes.map((note) => (
              <li key={note.at + note.text}>
                <span class="muted">
                  {timeOf(note.at, line)} · {note.by}:
                </span>{' '}
                {note.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      {entry.statusUrl && (
        <p class="visit-link">
          {m.statusLink}: <a href={entry.statusUrl}>{entry.statusUrl}</a>
        </p>
      )}
      {going && !confirming && (
        <div class="button-row">
          {entry.channel !== 'remote' && phone && (
            <button
              type="button"
              disabled={busy}
              onClick={() => change(CONSOLE_ROUTES.remote(site, entry.entryId), { phone }, (e) => m.remoteDone(e.ticket ?? ticket, phone))}
            >
              {m.remote}
            </button>
          )}
          <button type="button" class="danger-quiet" disabled={busy} onClick={() => setConfirming(true)}>
            {m.cancel}
          </button>
        </div>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-label={m.confirmCancel(ticket)}>
          <p>{m.confirmCancel(ticket)}</p>
          <div class="button-row">
            <button type="button" onClick={() => setConfirming(false)}>
              {m.keep}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => change(CONSOLE_ROUTES.cancel(site, entry.entryId), {}, () => m.cancelled(ticket))}>
              {m.cancel}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** The clock times the estimate puts the call at, from now, on the site's clock. */
function expected(lowMinutes: number, highMinutes: number, line: SiteLine | undefined): string {
  const now = Date.now();
  return messages.visit.expected(timeOf(now + lowMinutes * 60_000, line), timeOf(now + highMinutes * 60_000, line));
}
