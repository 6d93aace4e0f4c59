/** Staff sign in with their own account; the hub says plainly when an id is locked after wrong passwords. */
import { LanguageToggle } from './LanguageToggle.tsx';
import { useState } from 'preact/hooks';
import type { SessionInfo } from '../../../../contract/desk.ts';
import type { DeskApi } from '../api.ts';
import { messages } from '../messages.ts';

interface Props {
  api: DeskApi;
  /** Why the desk is showing sign-in (signed out, session over). */
  notice: string | null;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignIn({ api, notice, onSignedIn }: Props) {
  const m = messages.signIn;
  const [staffId, setStaffId] = useState('');
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
          if (!staffId.trim() || !password) return setError(m.missing);
          setBusy(true);
          const result = await api.post<SessionInfo>('/session', { staffId: staffId.trim(), password });
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
          <LanguageToggle className="quiet" />
        </div>
        <h1 id="sign-in-title">{m.title}</h1>
        <p>{m.intro}</p>
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="staff-id">{m.staffId}</label>
        <input
          id="staff-id"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          value={staffId}
          onInput={(event) => setStaffId(event.currentTarget.value)}
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
