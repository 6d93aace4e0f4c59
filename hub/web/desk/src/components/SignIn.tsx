/** Staff sign in with their own account; the hub says plainly when an id is locked after wrong passwords. */
import type { SessionInfo } from '../../../../contract/desk.ts';
import { SignInForm } from '../../../../../web-lib/SignInForm.tsx';
import type { DeskApi } from '../api.ts';
import { messages } from '../messages.ts';
import { LanguageToggle } from './LanguageToggle.tsx';

interface Props {
  api: DeskApi;
  /** Why the desk is showing sign-in (signed out, session over). */
  notice: string | null;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignIn({ api, notice, onSignedIn }: Props) {
  const m = messages.signIn;
  return (
    <SignInForm
      words={{ ...m, appName: messages.appName, idLabel: m.staffId }}
      idField="staff-id"
      notice={notice}
      languageSwitch={<LanguageToggle className="quiet" />}
      signIn={(staffId, password) => api.post<SessionInfo>('/session', { staffId, password })}
      onSignedIn={onSignedIn}
    />
  );
}
