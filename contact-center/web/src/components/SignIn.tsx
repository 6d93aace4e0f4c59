/** Agents sign in with their own account; the console says plainly when an id is locked after wrong passwords. */
import { SignInForm } from '../../../../web-lib/SignInForm.tsx';
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
  return (
    <SignInForm
      words={{ ...m, appName: messages.appName, idLabel: m.agentId }}
      idField="agent-id"
      notice={notice}
      languageSwitch={<LanguageSwitch />}
      signIn={(id, password) => api.post<ConsoleSession>(CONSOLE_ROUTES.session, { id, password })}
      onSignedIn={onSignedIn}
    />
  );
}
