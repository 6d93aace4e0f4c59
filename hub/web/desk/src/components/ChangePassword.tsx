/**
 * Changing one's own password: from the top bar at any time, and right after
 * signing in with a temporary password from a manager, before anything else.
 */
import { useState } from 'preact/hooks';
import type { DeskApi } from '../api.ts';
import { messages } from '../messages.ts';

interface Props {
  api: DeskApi;
  /** Signed in with a temporary password: the form is all there is until it is replaced. */
  mustChange: boolean;
  minLength: number;
  onChanged: () => void;
}

export function ChangePassword({ api, mustChange, minLength, onChanged }: Props) {
  const m = messages.changePassword;
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onInput: (event: Event) => setForm({ ...form, [key]: (event.currentTarget as HTMLInputElement).value }),
  });

  return (
    <form
      class="change-password"
      aria-labelledby="change-password-title"
      onSubmit={async (event) => {
        event.preventDefault();
        if (form.next !== form.repeat) return setError(m.mismatch);
        setBusy(true);
        const result = await api.post<null>('/session/password', { currentPassword: form.current, newPassword: form.next });
        setBusy(false);
        if (!result.ok) return setError(result.error.message);
        setError(null);
        setForm({ current: '', next: '', repeat: '' });
        onChanged();
      }}
    >
      <h1 id="change-password-title">{m.title}</h1>
      <p class="intro">{mustChange ? m.mustIntro : m.intro}</p>
      <label for="current-password">{mustChange ? m.currentTemporary : m.current}</label>
      <input id="current-password" type="password" required autoComplete="current-password" {...field('current')} />
      <label for="new-password">{m.next(minLength)}</label>
      <input id="new-password" type="password" required minLength={minLength} autoComplete="new-password" {...field('next')} />
      <label for="repeat-password">{m.repeat}</label>
      <input id="repeat-password" type="password" required minLength={minLength} autoComplete="new-password" {...field('repeat')} />
      <div class="sign-in-error" role="alert">
        {error}
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? m.busy : m.submit}
      </button>
    </form>
  );
}
