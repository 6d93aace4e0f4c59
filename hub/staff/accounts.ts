/**
 * Who may sign in to the desk: the accounts in the site file plus those a
 * manager added (StaffStore). Ids are matched without regard to case, so
 * "Ana" and "ana" are one person. Passwords exist here only as scrypt hashes.
 */
import { z } from 'zod';
import { lobbylineError, type LobbylineError } from '../contract/index.ts';
import { idField } from '../contract/fields.ts';
import { hashSecret } from '../access/credentials.ts';
import { staffRefusal } from '../access/index.ts';
import type { SiteConfig } from '../site/config.ts';
import { STAFF_ROLES } from '../contract/roles.ts';
import type { StaffAccountView, StaffMember } from '../contract/desk.ts';

export type { StaffAccountView, StaffMember };
import type { StaffStore } from './staff-store.ts';

interface Account extends StaffAccountView {
  passwordHash: string;
}

export type NewAccountResult = { ok: true; account: StaffAccountView } | { ok: false; error: LobbylineError };

function newAccountSchema(minPasswordLength: number) {
  return z.strictObject({
    id: idField,
    name: z.string().trim().min(1, 'must not be empty').max(80),
    role: z.enum(STAFF_ROLES),
    password: z.string().min(minPasswordLength, `must be at least ${minPasswordLength} characters`).max(200),
  });
}

export class StaffAccounts {
  private readonly byId = new Map<string, Account>();

  private constructor(
    private readonly store: StaffStore,
    private readonly minPasswordLength: number,
  ) {}

  /** Site accounts win over stored ones with the same id; the returned ids are the stored ones that were set aside. */
  static async open(site: SiteConfig['staff'], store: StaffStore, minPasswordLength: number): Promise<{ accounts: StaffAccounts; shadowed: string[] }> {
    const accounts = new StaffAccounts(store, minPasswordLength);
    for (const s of site) {
      accounts.byId.set(key(s.id), { id: s.id, name: s.name, role: s.role, passwordHash: s.passwordHash, source: 'site', createdAt: null, createdBy: null });
    }
    const shadowed: string[] = [];
    for (const stored of await store.list()) {
      if (accounts.byId.has(key(stored.id))) {
        shadowed.push(stored.id);
        continue;
      }
      accounts.byId.set(key(stored.id), {
        id: stored.id,
        name: stored.name,
        role: stored.role,
        passwordHash: stored.passwordHash,
        source: 'added',
        createdAt: new Date(stored.createdAt).toISOString(),
        createdBy: stored.createdBy,
      });
    }
    return { accounts, shadowed };
  }

  find(id: string): (StaffMember & { passwordHash: string }) | undefined {
    const account = this.byId.get(key(id));
    return account && { id: account.id, name: account.name, role: account.role, passwordHash: account.passwordHash };
  }

  list(): StaffAccountView[] {
    return [...this.byId.values()]
      .map(({ passwordHash: _hash, ...view }) => view)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Adds an account for `by`, who must be a manager; stored durably before it can sign in. */
  async add(by: StaffMember, input: unknown, now: number): Promise<NewAccountResult> {
    const refusal = staffRefusal(by, 'add-staff-account');
    if (refusal) return { ok: false, error: lobbylineError('forbidden', refusal) };
    const parsed = newAccountSchema(this.minPasswordLength).safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'account'}: ${issue.message}`).join('; ');
      return { ok: false, error: lobbylineError('invalid_request', `Check the new account: ${details}`) };
    }
    const { id, name, role, password } = parsed.data;
    if (this.byId.has(key(id))) return { ok: false, error: lobbylineError('conflict', `There is already a staff account '${id}'`) };
    const account: Account = {
      id,
      name,
      role,
      passwordHash: hashSecret(password),
      source: 'added',
      createdAt: new Date(now).toISOString(),
      createdBy: by.id,
    };
    try {
      await this.store.insert({ id, name, role, passwordHash: account.passwordHash, createdAt: now, createdBy: by.id });
    } catch (error) {
      if (/UNIQUE/.test((error as Error).message)) {
        return { ok: false, error: lobbylineError('conflict', `There is already a staff account '${id}'`) };
      }
      throw error;
    }
    this.byId.set(key(id), account);
    const { passwordHash: _hash, ...view } = account;
    return { ok: true, account: view };
  }
}

function key(id: string): string {
  return id.toLowerCase();
}
