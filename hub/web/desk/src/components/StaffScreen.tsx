/** For managers: the staff accounts, and adding one. Accounts from the site file are edited there. */
import { useEffect, useState } from 'preact/hooks';
import type { StaffAccountList, StaffAccountView } from '../../../../contract/desk.ts';
import type { Notify } from '../actions.ts';
import type { DeskApi } from '../api.ts';
import { useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';

export function StaffScreen({ api, notify }: { api: DeskApi; notify: Notify }) {
  const m = messages.staff;
  const { dayAndTime } = useDeskClock();
  const [list, setList] = useState<StaffAccountList | null>(null);
  const [form, setForm] = useState({ id: '', name: '', role: 'staff', password: '' });
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const result = await api.get<StaffAccountList>('/staff');
    if (result.ok) setList(result.value);
    else notify('error', result.error.message);
  };
  useEffect(() => void load(), []);

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
            </tr>
          </thead>
          <tbody>
            {list.accounts.map((account) => (
              <tr key={account.id}>
                <td>{account.name}</td>
                <td>{account.id}</td>
                <td>{m.roles[account.role]}</td>
                <td>{account.source === 'site' ? m.fromSite : m.addedBy(account.createdBy ?? '', dayAndTime(account.createdAt!))}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
