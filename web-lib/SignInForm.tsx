/**
 * The sign-in card of an app people sign in to with their own account (the
 * staff desk, the contact center's console): id and password, why sign-in is
 * shown, and the refusal worded by the app (a locked id says so plainly).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiResult } from './session-api.ts';

export interface SignInWords {
  appName: string;
  title: string;
  intro: string;
  idLabel: string;
  password: string;
  submit: string;
  busy: string;
  missing: string;
}

interface Props<Session> {
  words: SignInWords;
  /** The id field's element id ('staff-id', 'agent-id'). */
  idField: string;
  /** Why sign-in is shown (signed out, session over). */
  notice: string | null;
  languageSwitch: ComponentChildren;
  /** Sends the trimmed id and the password. */
  signIn: (id: string, password: string) => Promise<ApiResult<Session>>;
  onSignedIn: (session: Session) => void;
}

export function SignInForm<Session>({ words, idField, notice, languageSwitch, signIn, onSignedIn }: Props<Session>) {
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
          if (!id.trim() || !password) return setError(words.missing);
          setBusy(true);
          const result = await signIn(id.trim(), password);
          setBusy(false);
          if (!result.ok) {
            setPassword('');
            return setError(result.error.message);
          }
          onSignedIn(result.value);
        }}
      >
        <div class="sign-in-top">
          <p class="app-name">{words.appName}</p>
          {languageSwitch}
        </div>
        <h1 id="sign-in-title">{words.title}</h1>
        <p>{words.intro}</p>
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for={idField}>{words.idLabel}</label>
        <input
          id={idField}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          value={id}
          onInput={(event) => setId(event.currentTarget.value)}
        />
        <label for="password">{words.password}</label>
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
          {busy ? words.busy : words.submit}
        </button>
      </form>
    </main>
  );
}
