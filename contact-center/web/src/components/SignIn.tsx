/** Agents sign in with their own account; the console says plainly when an id is locked after wrong passwords. */
import { useState } from 'preact/hooks';
import { CONSOLE_ROUTES, type ConsoleSession } from '../../../api.ts';
import type { ConsoleApi } from '../api.ts';
import { messages } from '../messages.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface Props {
  api: ConsoleApi;
  /** Why the console is showing sign-in (signed out, session over). */
  notice: string | null;
  onSignedIn: (session: ConsoleSession) => void;
}

export function SignIn({ api, notice, onSignedIn }: Props) {
  const m = messages.signIn;
  const [id, setId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <main class="sign-in">
      <form
        class="sign-in-card"
        aria-labelledby="sign-in-title"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!id.trim() || !password) return setError(m.missing);
          setBusy(true);
          const result = await api.post<ConsoleSession>(CONSOLE_ROUTES.session, { id: id.trim(), password });
          setBusy(false);
          if (!result.ok) {
            setPassword('');
            return setError(result.error.message);
          }
          onSignedIn(result.value);
        }}
      >
        <div class="sign-in-top">
          <p class="app-name">{messages.appName}</p>
          <LanguageSwitch />
        </div>
        <h1 id="sign-in-title">{m.title}</h1>
        <p>{m.intro}</p>
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="agent-id">{m.agentId}</label>
        <input
          id="agent-id"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          value={id}
          onInput={(event) => setId(event.currentTarget.value)}
        />
        <label for="password">{m.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        <div class="sign-in-error" role="alert">
          {error}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? m.busy : m.submit}
        </button>
      </form>
    </main>
  );
}
