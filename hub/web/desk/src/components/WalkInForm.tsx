/** Adds someone who came to the desk straight into a line (channel: desk). */
import { useState } from 'preact/hooks';
import type { DeskSite } from '../../../../contract/desk.ts';
import type { WalkIn } from '../actions.ts';
import { messages } from '../messages.ts';
import { serviceName } from '../names.ts';

interface Props {
  site: DeskSite;
  /** The services of the chosen counter, offered first. */
  preferred: readonly string[];
  busy: boolean;
  onAdd: (walkIn: WalkIn) => Promise<boolean>;
}

export function WalkInForm({ site, preferred, busy, onAdd }: Props) {
  const m = messages.walkIn;
  const services = [...site.services].sort((a, b) => Number(!preferred.includes(a.serviceId)) - Number(!preferred.includes(b.serviceId)));
  const [serviceId, setServiceId] = useState(services[0]?.serviceId ?? '');
  const [language, setLanguage] = useState(site.languages[0] ?? 'en');
  const [priority, setPriority] = useState(false);
  const chosen = services.some((s) => s.serviceId === serviceId) ? serviceId : (services[0]?.serviceId ?? '');
  return (
    <section class="panel walk-in" aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{m.title}</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await onAdd({ serviceId: chosen, language, priority: priority ? 1 : 0 })) setPriority(false);
        }}
      >
        <label for="walk-in-service">{m.service}</label>
        <select id="walk-in-service" value={chosen} onChange={(event) => setServiceId(event.currentTarget.value)}>
          {services.map((s) => (
            <option key={s.serviceId} value={s.serviceId}>
              {serviceName(site, s.serviceId)}
            </option>
          ))}
        </select>
        <label for="walk-in-language">{m.language}</label>
        <select id="walk-in-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value)}>
          {site.languages.map((code) => (
            <option key={code} value={code}>
              {messages.languageName(code)}
            </option>
          ))}
        </select>
        <label class="choice">
          <input type="checkbox" checked={priority} onChange={(event) => setPriority(event.currentTarget.checked)} />
          {m.priority}
        </label>
        <button type="submit" disabled={busy}>
          {m.submit}
        </button>
      </form>
    </section>
  );
}
