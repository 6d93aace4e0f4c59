/**
 * Every site with its lines and whether its hub is linked, problems first (a
 * silent hub, then one not heard from, then people waiting with no counter
 * open), so they stand out among hundreds. Typing filters by site or service.
 */
import { useMemo, useState } from 'preact/hooks';
import type { SiteLine } from '../../../api.ts';
import { clockTime } from '../../../../web-lib/clock-time.ts';
import { serviceName, siteName, timeOf } from '../format.ts';
import { consoleLanguage, messages } from '../messages.ts';
import { Kbd } from './Kbd.tsx';

export const SITES_FILTER_ID = 'sites-filter';

/** 0 for the most urgent: a silent hub, a hub never heard from, people waiting with no counter open; 3 for a site that is fine. */
function trouble(line: SiteLine): number {
  if (line.link === 'silent') return 0;
  if (line.link === 'unknown') return 1;
  return line.services.some((s) => s.waiting > 0 && s.openCounters === 0) ? 2 : 3;
}

export function SitesScreen({ sites }: { sites: SiteLine[] }) {
  const m = messages.sites;
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    const matches = (line: SiteLine) =>
      !words ||
      [line.site, line.name ?? '', ...line.services.map(serviceName)].some((text) => text.toLowerCase().includes(words));
    return sites
      .filter(matches)
      .sort((a, b) => trouble(a) - trouble(b) || siteName(a, a.site).localeCompare(siteName(b, b.site), consoleLanguage));
  }, [sites, filter]);

  return (
    <section class="screen" aria-labelledby="sites-title">
      <div class="screen-head">
        <h1 id="sites-title">{m.title}</h1>
        <p class="count">{m.count(shown.length, sites.length)}</p>
        <div class="filter">
          <label for={SITES_FILTER_ID}>
            {m.filter} <Kbd keys="/" />
          </label>
          <input
            id={SITES_FILTER_ID}
            type="search"
            aria-describedby="sites-filter-hint"
            aria-keyshortcuts="/"
            value={filter}
            onInput={(event) => setFilter(event.currentTarget.value)}
            onKeyDown={(event) => event.key === 'Escape' && (setFilter(''), event.currentTarget.blur())}
          />
          <p id="sites-filter-hint" class="hint">
            {m.filterHint}
          </p>
        </div>
      </div>
      {sites.length === 0 && <p class="empty">{m.none}</p>}
      {sites.length > 0 && shown.length === 0 && <p class="empty">{m.noMatch}</p>}
      <ul class="sites">
        {shown.map((line) => (
          <SiteCard key={line.site} line={line} problem={trouble(line) < 3} />
        ))}
      </ul>
    </section>
  );
}

function SiteCard({ line, problem }: { line: SiteLine; problem: boolean }) {
  const m = messages.sites;
  const titleId = `site-${line.site}`;
  return (
    <li class={`site-card link-${line.link}${problem ? ' problem' : ''}`} data-site={line.site} aria-labelledby={titleId}>
      <div class="site-head">
        <h2 id={titleId}>
          {siteName(line, line.site)}
          {line.name && <span class="site-id">{line.site}</span>}
        </h2>
        <p class={`link link-${line.link}`}>
          <span class="dot" aria-hidden="true" />
          {line.link === 'online' ? m.link.online : line.link === 'silent' ? m.link.silent(line.silentSince && timeOf(line.silentSince, line)) : m.link.unknown}
        </p>
        {line.lastEventAt && <p class="muted">{m.lastEvent(timeOf(line.lastEventAt, line))}</p>}
        {problem && <span class="visually-hidden">{m.problem}</span>}
      </div>
      {line.services.length === 0 ? (
        <p class="muted">{m.noServices}</p>
      ) : (
        <table class="lines">
          <thead>
            <tr>
              <th scope="col">{m.service}</th>
              <th scope="col" class="number">{m.waiting}</th>
              <th scope="col" class="estimate">{m.estimate}</th>
              <th scope="col" class="number">{m.openCounters}</th>
            </tr>
          </thead>
          <tbody>
            {line.services.map((service) => (
              <tr key={service.serviceId} class={service.waiting > 0 && service.openCounters === 0 ? 'stalled' : undefined}>
                <th scope="row">{serviceName(service)}</th>
                <td class="number">{service.waiting}</td>
                <td>
                  {service.estimate
                    ? m.minutes(service.estimate.lowMinutes, service.estimate.highMinutes)
                    : service.noCounterOpen
                      ? m.noCounterOpen(service.noCounterOpen.usuallyOpensAt && clockTime(service.noCounterOpen.usuallyOpensAt, consoleLanguage))
                      : m.noEstimate}
                </td>
                <td class="number">{service.openCounters}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="site-foot">
        {line.counters.length > 0 && (
          <span>
            {m.counters}:{' '}
            {line.counters.map((c) => m.counterLine(c.names?.[consoleLanguage] ?? c.name, m.counterStatus[c.status] ?? c.status, c.ticket)).join(' · ')}
          </span>
        )}
        {line.callbacks.length > 0 && <span>{m.phoneWaiting(line.callbacks.length)}</span>}
        {line.voicemails.length > 0 && <span>{m.voicemails(line.voicemails.length)}</span>}
      </p>
    </li>
  );
}
