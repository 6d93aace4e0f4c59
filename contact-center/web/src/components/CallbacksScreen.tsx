/**
 * Callbacks due across all sites, oldest first. An agent claims one before
 * dialling (two agents never dial the same person), dials from the tel: link,
 * records what came of it (sent back to the site's hub) or releases it. Lost
 * races are worded kindly: the list is fetched again and says who has it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CallbackWindow } from '../../../../hub/contract/index.ts';
import { CONSOLE_ROUTES, type CallbackOutcome, type ConsoleSession, type DueCallback, type HubReply, type SiteLine } from '../../../api.ts';
import type { ConsoleApi } from '../api.ts';
import { useShortcuts } from '../keyboard.ts';
import { serviceAt, siteName, timeOf } from '../format.ts';
import { messages } from '../messages.ts';
import type { Notify } from './Notices.tsx';
import { Kbd } from './Kbd.tsx';
import { ShortcutList } from './ShortcutList.tsx';

const OUTCOME_KEYS: Record<CallbackOutcome, string> = { reached: 'R', completed: 'D', 'no-answer': 'N' };
const keyOf = (callback: DueCallback) => `${callback.site}/${callback.seq}`;

interface Props {
  api: ConsoleApi;
  session: ConsoleSession;
  callbacks: DueCallback[];
  sites: SiteLine[];
  /** Fetches the list again. */
  refresh: () => Promise<void>;
  notify: Notify;
}

export function CallbacksScreen({ api, session, callbacks, sites, refresh, notify }: Props) {
  const m = messages.callbacks;
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const index = callbacks.findIndex((c) => keyOf(c) === selectedKey);
  const selected = callbacks[index] ?? callbacks[0] ?? null;
  const mine = (callback: DueCallback) => callback.claim?.agentId === session.agent.id;

  useEffect(() => {
    if (selected) document.querySelector(`[data-key="${CSS.escape(keyOf(selected))}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected && keyOf(selected)]);

  const act = async (callback: DueCallback, run: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setSelectedKey(keyOf(callback));
    await run();
    setBusy(false);
  };

  const claim = (callback: DueCallback) =>
    act(callback, async () => {
      const result = await api.post<DueCallback>(CONSOLE_ROUTES.claim(callback.site, callback.seq));
      if (result.ok) {
        notify('ok', m.claimed(callback.ticket));
        await refresh();
      } else if (result.error.reason === 'callback.claimed') {
        // Another agent was quicker: say who, kindly, and show the list as it is now.
        await refresh();
        notify('info', m.lostRace(callback.ticket, result.error.params.agentName));
      } else {
        await refresh();
        notify('error', result.error.message);
      }
    });

  const release = (callback: DueCallback) =>
    act(callback, async () => {
      const result = await api.post<DueCallback>(CONSOLE_ROUTES.release(callback.site, callback.seq));
      notify(result.ok ? 'ok' : 'error', result.ok ? m.released(callback.ticket) : result.error.message);
      await refresh();
    });

  const record = (callback: DueCallback, outcome: CallbackOutcome) =>
    act(callback, async () => {
      const result = await api.post<HubReply>(CONSOLE_ROUTES.outcome(callback.site, callback.seq), { outcome });
      const refused = !result.ok ? result.error.message : !result.value.ok ? result.value.error.message : null;
      notify(refused ? 'error' : 'ok', refused ?? m.recorded(callback.ticket, outcome));
      await refresh();
    });

  const onSelected = (run: (callback: DueCallback) => void, onlyMine: boolean) => () => {
    if (selected && (!onlyMine || mine(selected))) run(selected);
  };
  useShortcuts({
    up: () => callbacks.length > 0 && setSelectedKey(keyOf(callbacks[Math.max(0, index - 1)]!)),
    down: () => callbacks.length > 0 && setSelectedKey(keyOf(callbacks[Math.min(callbacks.length - 1, index + 1)]!)),
    claim: onSelected((c) => !c.claim && void claim(c), false),
    release: onSelected((c) => void release(c), true),
    reached: onSelected((c) => void record(c, 'reached'), true),
    completed: onSelected((c) => void record(c, 'completed'), true),
    'no-answer': onSelected((c) => void record(c, 'no-answer'), true),
  });

  return (
    <section class="screen" aria-labelledby="callbacks-title">
      <div class="screen-head">
        <h1 id="callbacks-title">{m.title}</h1>
        {callbacks.length > 0 && <p class="count">{m.count(callbacks.length)}</p>}
        <p class="intro">{m.intro}</p>
      </div>
      <ShortcutList />
      {callbacks.length === 0 && <p class="empty">{m.none}</p>}
      <ul class="callbacks">
        {callbacks.map((callback) => {
          const isSelected = selected !== null && keyOf(callback) === keyOf(selected);
          const keys = (key: string) => (isSelected ? <Kbd keys={key} /> : null);
          const titleId = `callback-${callback.site}-${callback.seq}`;
          const line = sites.find((s) => s.site === callback.site);
          const at = (time: string) => timeOf(time, line);
          return (
            <li
              key={keyOf(callback)}
              data-key={keyOf(callback)}
              class={`callback${isSelected ? ' selected' : ''}${callback.claim ? (mine(callback) ? ' claimed-mine' : ' claimed-other') : ''}`}
              aria-labelledby={titleId}
              onClick={() => setSelectedKey(keyOf(callback))}
            >
              <div class="callback-main">
                <h2 id={titleId}>
                  <span class="ticket">{callback.ticket}</span>
                  <span>{siteName(line, callback.site)}</span>
                  <span class="muted">{serviceAt(sites, callback.site, callback.serviceId)}</span>
                </h2>
                <p class="callback-when">
                  <span>{m.attempt(callback.attempt)}</span>
                  <span>{m.calledAt(at(callback.calledAt))}</span>
                  <strong>{m.answerBy(at(callback.answerBy))}</strong>
                  <span>{callback.voicemail ? m.voicemail(at(callback.voicemail.leftAt), at(callback.voicemail.returnBy)) : windowWords(callback.window, at)}</span>
                </p>
                <dl class="callback-facts">
                  <div>
                    <dt>{m.number}</dt>
                    <dd class="phone">{callback.callbackNumber}</dd>
                  </div>
                  <div>
                    <dt>{m.language}</dt>
                    <dd>{messages.languageName(callback.language)}</dd>
                  </div>
                  <div>
                    <dt>{m.reason}</dt>
                    <dd>{callback.reason ?? <span class="muted">{m.noReason}</span>}</dd>
                  </div>
                  {callback.notes.length > 0 && (
                    <div class="notes-fact">
                      <dt>{m.notes}</dt>
                      <dd>
                        <ul class="notes">
                          {callback.notes.map((note) => (
                            <li key={note.at + note.text}>
                              <span class="muted">
                                {at(note.at)} · {note.by}:
                              </span>{' '}
                              {note.text}
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  )}
                </dl>
              </div>
              <div class="callback-actions">
                {!callback.claim && (
                  <button type="button" class="primary" disabled={busy} aria-keyshortcuts={isSelected ? 'C' : undefined} onClick={() => claim(callback)}>
                    {m.claim} {keys('C')}
                  </button>
                )}
                {callback.claim && !mine(callback) && (
                  <>
                    <p class="claimed-by">{m.claimedBy(callback.claim.agentName)}</p>
                    {/* A manager may free a callback an agent left behind. */}
                    {session.agent.role === 'manager' && (
                      <button type="button" disabled={busy} onClick={() => release(callback)}>
                        {m.release}
                      </button>
                    )}
                  </>
                )}
                {mine(callback) && (
                  <>
                    <p class="claimed-by mine">{m.yours}</p>
                    <a class="dial" href={`tel:${callback.callbackNumber}`}>
                      {m.dial(callback.callbackNumber)}
                    </a>
                    <div class="outcomes" role="group" aria-label={m.title}>
                      {(Object.keys(OUTCOME_KEYS) as CallbackOutcome[]).map((outcome) => (
                        <button
                          key={outcome}
                          type="button"
                          class={outcome === 'no-answer' ? undefined : 'positive'}
                          disabled={busy}
                          aria-keyshortcuts={isSelected ? OUTCOME_KEYS[outcome] : undefined}
                          onClick={() => record(callback, outcome)}
                        >
                          {m.outcome[outcome]} {keys(OUTCOME_KEYS[outcome])}
                        </button>
                      ))}
                    </div>
                    <button type="button" disabled={busy} aria-keyshortcuts={isSelected ? 'X' : undefined} onClick={() => release(callback)}>
                      {m.release} {keys('X')}
                    </button>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The window the caller asked for, its times worded by `at` (on the site's clock). */
function windowWords(window: CallbackWindow | null, at: (time: string) => string): string {
  const w = messages.callbacks.window;
  if (!window || (!window.notBefore && !window.notAfter)) return w.asap;
  if (window.notBefore && window.notAfter) return w.between(at(window.notBefore), at(window.notAfter));
  return window.notBefore ? w.after(at(window.notBefore)) : w.before(at(window.notAfter!));
}
