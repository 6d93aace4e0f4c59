/**
 * Enrols a caller into any site's service: site and service from the lines
 * the console knows, the caller's number and language, why they called, and
 * when to call them (as soon as their turn comes, after a time, or within a
 * window). The answer is their visit: place and expected time.
 */
import { useState } from 'preact/hooks';
import type { CallerEntry } from '../../../../hub/contract/index.ts';
import { CONSOLE_ROUTES, type EnrolRequest, type HubReply, type SiteLine } from '../../../api.ts';
import type { ConsoleApi } from '../api.ts';
import { otherZoneName, serviceName, siteName, todayAt, typedPhone } from '../format.ts';
import { pickLanguage } from '../../../../web-lib/languages.ts';
import { CONSOLE_LANGUAGES, consoleLanguage, messages } from '../messages.ts';
import type { Notify } from './Notices.tsx';
import { VisitCard } from './VisitCard.tsx';

type When = 'asap' | 'after' | 'between';

interface Props {
  api: ConsoleApi;
  sites: SiteLine[];
  notify: Notify;
}

export function EnrolScreen({ api, sites, notify }: Props) {
  const m = messages.enrol;
  const byName = [...sites].sort((a, b) => siteName(a, a.site).localeCompare(siteName(b, b.site), consoleLanguage));
  const [site, setSite] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState(consoleLanguage);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [when, setWhen] = useState<When>('asap');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<{ site: string; phone: string; entry: CallerEntry } | null>(null);

  const line = sites.find((s) => s.site === site);
  const services = line?.services ?? [];
  // The languages the site speaks to people; the console's own while its hub has not said (an older hub).
  const languages = line?.languages.length ? line.languages : CONSOLE_LANGUAGES;
  const chosenLanguage = pickLanguage(languages, language);
  const siteZone = otherZoneName(line);
  const chosenService = services.some((s) => s.serviceId === serviceId) ? serviceId : (services[0]?.serviceId ?? '');

  if (enrolled) {
    return (
      <section class="screen" aria-labelledby="enrol-title">
        <div class="screen-head">
          <h1 id="enrol-title">{m.title}</h1>
        </div>
        <p class="done" role="status">
          {m.done(enrolled.entry.ticket ?? enrolled.entry.entryId, siteName(sites.find((s) => s.site === enrolled.site), enrolled.site))}
        </p>
        <ul class="visits">
          <VisitCard
            api={api}
            site={enrolled.site}
            entry={enrolled.entry}
            sites={sites}
            phone={enrolled.phone}
            notify={notify}
            onChanged={(entry) => setEnrolled({ ...enrolled, entry })}
          />
        </ul>
        <button type="button" class="primary" onClick={() => (setEnrolled(null), setPhone(''), setReason(''), setNote(''), setWhen('asap'))}>
          {m.another}
        </button>
      </section>
    );
  }

  const submit = async () => {
    const number = typedPhone(phone);
    // Says what is missing and puts the cursor where it goes.
    const refuse = (text: string, fieldId: string) => {
      setProblem(text);
      document.getElementById(fieldId)?.focus();
    };
    if (!site) return refuse(m.pickSite, 'enrol-site');
    if (!number) return refuse(messages.lookup.invalid, 'enrol-phone');
    if (when !== 'asap' && !from) return refuse(m.missingTime, 'when-from');
    if (when === 'between' && (!to || to <= from)) return refuse(to ? m.badWindow : m.missingTime, 'when-to');
    const request: EnrolRequest = {
      serviceId: chosenService,
      phone: number,
      language: chosenLanguage,
      ...(reason.trim() && { reason: reason.trim() }),
      ...(note.trim() && { note: note.trim() }),
      ...(when !== 'asap' && { callback: { notBefore: todayAt(from, line), ...(when === 'between' && { notAfter: todayAt(to, line) }) } }),
    };
    setProblem(null);
    setBusy(true);
    const result = await api.post<HubReply>(CONSOLE_ROUTES.enrol(site), request);
    setBusy(false);
    if (!result.ok) return setProblem(result.error.message);
    if (!result.value.ok) return setProblem(result.value.error.message);
    setEnrolled({ site, phone: number, entry: result.value.result as CallerEntry });
  };

  return (
    <section class="screen" aria-labelledby="enrol-title">
      <div class="screen-head">
        <h1 id="enrol-title">{m.title}</h1>
        <p class="intro">{m.intro}</p>
      </div>
      {sites.length === 0 ? (
        <p class="empty">{m.noSites}</p>
      ) : (
        <form
          class="enrol-form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <div class="enrol-columns">
            <div class="fields">
              <label for="enrol-site">{m.site}</label>
              <select id="enrol-site" value={site} onChange={(event) => setSite(event.currentTarget.value)}>
                <option value="">—</option>
                {byName.map((line) => (
                  <option key={line.site} value={line.site}>
                    {siteName(line, line.site)}
                  </option>
                ))}
              </select>
              <label for="enrol-service">{m.service}</label>
              <select id="enrol-service" value={chosenService} disabled={services.length === 0} onChange={(event) => setServiceId(event.currentTarget.value)}>
                {services.map((service) => (
                  <option key={service.serviceId} value={service.serviceId}>
                    {serviceName(service)}
                  </option>
                ))}
              </select>
              <label for="enrol-phone">{m.phone}</label>
              <input id="enrol-phone" type="tel" autoComplete="off" aria-describedby="enrol-phone-hint" value={phone} onInput={(event) => setPhone(event.currentTarget.value)} />
              <p id="enrol-phone-hint" class="hint">
                {m.phoneHint}
              </p>
              <label for="enrol-language">{m.language}</label>
              <select id="enrol-language" value={chosenLanguage} onChange={(event) => setLanguage(event.currentTarget.value)}>
                {languages.map((tag) => (
                  <option key={tag} value={tag}>
                    {messages.languageName(tag)}
                  </option>
                ))}
              </select>
            </div>
            <div class="fields">
              <label for="enrol-reason">{m.reason}</label>
              <input id="enrol-reason" maxLength={200} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
              <label for="enrol-note">{m.note}</label>
              <textarea id="enrol-note" rows={2} maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
              <fieldset class="when">
                <legend>
                  {m.when}
                  {siteZone && <span class="hint site-clock"> · {m.siteClock(siteZone)}</span>}
                </legend>
                {(['asap', 'after', 'between'] as When[]).map((option) => (
                  <div key={option} class="choice">
                    <input type="radio" id={`when-${option}`} name="when" checked={when === option} onChange={() => setWhen(option)} />
                    <label for={`when-${option}`}>{m[option]}</label>
                    {option !== 'asap' && when === option && (
                      <>
                        <input id="when-from" type="time" aria-label={m.fromTime} value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
                        {option === 'between' && (
                          <>
                            <span>{m.and}</span>
                            <input id="when-to" type="time" aria-label={m.toTime} value={to} onInput={(event) => setTo(event.currentTarget.value)} />
                          </>
                        )}
                      </>
                    )}
                  </div>
                ))}
              </fieldset>
            </div>
          </div>
          <p class="field-problem" role="alert">
            {problem}
          </p>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? m.busy : m.submit}
          </button>
        </form>
      )}
    </section>
  );
}
