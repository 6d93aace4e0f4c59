/**
 * For managers: the staff accounts, with what a locked-out or departing
 * person needs (unlock, a temporary password, disable), and adding one.
 * Names and roles of accounts from the site file are edited there.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PasswordReset, StaffAccountList, StaffAccountView, StaffMember } from '../../../../contract/desk.ts';
import type { Notify } from '../actions.ts';
import type { DeskApi } from '../api.ts';
import { useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';
import { Dialog } from './Dialog.tsx';

type Asking = { kind: 'disable' | 'reset'; account: StaffAccountView } | { kind: 'reset-done'; account: StaffAccountView; reset: PasswordReset } | null;

export function StaffScreen({ api, me, notify }: { api: DeskApi; me: StaffMember; notify: Notify }) {
  const m = messages.staff;
  const { dayAndTime, clockTime } = useDeskClock();
  const [list, setList] = useState<StaffAccountList | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [form, setForm] = useState({ id: '', name: '', role: 'staff', password: '' });
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const result = await api.get<StaffAccountList>('/staff');
    if (result.ok) setList(result.value);
    else notify('error', result.error.message);
  };
  useEffect(() => void load(), []);

  const act = async (account: StaffAccountView, action: 'unlock' | 'disable' | 'enable', said: (name: string) => string) => {
    const result = await api.post<StaffAccountView>(`/staff/${encodeURIComponent(account.id)}/${action}`);
    if (!result.ok) notify('error', result.error.message);
    else notify('ok', said(account.name));
    await load();
  };
  const reset = async (account: StaffAccountView) => {
    const result = await api.post<PasswordReset>(`/staff/${encodeURIComponent(account.id)}/reset-password`);
    if (!result.ok) {
      setAsking(null);
      return notify('error', result.error.message);
    }
    setAsking({ kind: 'reset-done', account, reset: result.value });
    await load();
  };
  const isMe = (account: StaffAccountView) => account.id.toLowerCase() === me.id.toLowerCase();

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onInput: (event: Event) => setForm({ ...form, [key]: (event.currentTarget as HTMLInputElement).value }),
  });

  return (
    <section class="screen staff" aria-labelledby="staff-title">
      <h1 id="staff-title">{m.title}</h1>
      <p class="intro">{m.intro}</p>
      {list && (
        <table class="accounts">
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.id}</th>
              <th scope="col">{m.role}</th>
              <th scope="col">{m.source}</th>
              <th scope="col">{m.state}</th>
              <th scope="col">{m.actions}</th>
            </tr>
          </thead>
          <tbody>
            {list.accounts.map((account) => (
              <tr key={account.id} data-staff-id={account.id}>
                <td>{account.name}</td>
                <td>{account.id}</td>
                <td>{m.roles[account.role]}</td>
                <td>{account.source === 'site' ? m.fromSite : m.addedBy(account.createdBy ?? '', dayAndTime(account.createdAt!))}</td>
                <td class="account-state">{accountState(account, clockTime)}</td>
                <td class="account-actions">
                  <div role="group" aria-label={m.actionsFor(account.name)}>
                    {account.lockedUntil && (
                      <button type="button" class="primary" onClick={() => act(account, 'unlock', m.unlocked)}>
                        {m.unlock}
                      </button>
                    )}
                    {!isMe(account) && (
                      <button type="button" onClick={() => setAsking({ kind: 'reset', account })}>
                        {m.resetPassword}
                      </button>
                    )}
                    {!isMe(account) &&
                      (account.disabled ? (
                        <button type="button" onClick={() => act(account, 'enable', m.enabled)}>
                          {m.enable}
                        </button>
                      ) : (
                        <button type="button" class="danger" onClick={() => setAsking({ kind: 'disable', account })}>
                          {m.disable}
                        </button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(asking?.kind === 'disable' || asking?.kind === 'reset') && (
        <Dialog title={asking.kind === 'disable' ? m.disable : m.resetPassword} onClose={() => setAsking(null)}>
          <p>{asking.kind === 'disable' ? m.confirmDisable(asking.account.name) : m.confirmReset(asking.account.name)}</p>
          <div class="button-row dialog-buttons">
            <button type="button" onClick={() => setAsking(null)}>
              {m.cancel}
            </button>
            <button
              type="button"
              class={asking.kind === 'disable' ? 'danger' : 'primary'}
              onClick={() => {
                if (asking.kind === 'reset') return void reset(asking.account);
                setAsking(null);
                void act(asking.account, 'disable', m.disabled);
              }}
            >
              {asking.kind === 'disable' ? m.disable : m.resetPassword}
            </button>
          </div>
        </Dialog>
      )}
      {asking?.kind === 'reset-done' && (
        <Dialog title={m.resetTitle(asking.account.name)} onClose={() => setAsking(null)}>
          <p>{m.resetIntro(asking.reset.staffId)}</p>
          <p class="temporary-password">{asking.reset.temporaryPassword}</p>
          <div class="button-row dialog-buttons">
            <button type="button" class="primary" onClick={() => setAsking(null)}>
              {m.done}
            </button>
          </div>
        </Dialog>
      )}
      <h2>{m.addTitle}</h2>
      <form
        class="add-account"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          const result = await api.post<StaffAccountView>('/staff', form);
          setBusy(false);
          if (!result.ok) return notify('error', result.error.message);
          notify('ok', m.added(result.value.name));
          setForm({ id: '', name: '', role: 'staff', password: '' });
          await load();
        }}
      >
        <label for="new-name">{m.name}</label>
        <input id="new-name" required maxLength={80} autoComplete="off" {...field('name')} />
        <label for="new-id">{m.id}</label>
        <input id="new-id" required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]*" autoComplete="off" {...field('id')} />
        <label for="new-role">{m.role}</label>
        <select id="new-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.currentTarget.value })}>
          <option value="staff">{m.roles.staff}</option>
          <option value="manager">{m.roles.manager}</option>
        </select>
        <label for="new-password">{m.password(list?.minPasswordLength ?? 1)}</label>
        <input id="new-password" type="password" required minLength={list?.minPasswordLength} autoComplete="new-password" {...field('password')} />
        <button type="submit" class="primary" disabled={busy}>
          {m.submit}
        </button>
      </form>
    </section>
  );
}

function accountState(account: StaffAccountView, clockTime: (iso: string) => string) {
  const m = messages.staff;
  if (account.disabled) return <span class="account-state-off">{m.disabledState}</span>;
  if (account.lockedUntil) return <span class="account-state-off">{m.lockedUntil(clockTime(account.lockedUntil))}</span>;
  return account.mustChangePassword ? m.mustChange : m.active;
}
