/**
 * Who may sign in to the desk: the accounts in the site file plus those a
 * manager added (StaffStore), each with what was changed at the desk (a
 * password set by a reset or by its owner, disabled). Ids are matched without
 * regard to case, so "Ana" and "ana" are one person. Passwords exist here
 * only as scrypt hashes.
 */
import * as z from 'zod';
import { lobbylineError, type LobbylineError } from '../contract/index.ts';
import { idField } from '../contract/fields.ts';
import { hashSecret } from '../access/credentials.ts';
import { staffRefusal } from '../access/index.ts';
import type { StaffAccountConfig } from '../contract/staff-account-config.ts';
import { STAFF_ROLES } from '../contract/roles.ts';
import type { AccountChangeKind, StaffAccountView, StaffMember } from '../contract/desk.ts';

export type { StaffAccountView, StaffMember };
import { MAX_PASSWORD_LENGTH } from './policy.ts';
import type { StaffStore, StoredAccountState } from './staff-store.ts';

/** An account as the site file or the manager who added it made it. */
interface Account extends Omit<StaffAccountView, 'disabled' | 'mustChangePassword' | 'lockedUntil'> {
  passwordHash: string;
}

/** An account as it stands now, with what was changed at the desk. */
export interface CurrentAccount extends StaffMember {
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

/** Who changed an account, when, and where that falls in the line's log. */
export interface AccountChangeContext {
  by: StaffMember;
  at: number;
  afterSeq: number;
}

export type NewAccountResult = { ok: true; account: StaffAccountView } | { ok: false; error: LobbylineError };

function newAccountSchema(minPasswordLength: number) {
  return z.strictObject({
    id: idField,
    name: z.string().trim().min(1, 'must not be empty').max(80),
    role: z.enum(STAFF_ROLES),
    password: z.string().min(minPasswordLength, `must be at least ${minPasswordLength} characters`).max(MAX_PASSWORD_LENGTH),
  });
}

export class StaffAccounts {
  private readonly byId = new Map<string, Account>();
  private readonly states = new Map<string, StoredAccountState>();

  private constructor(
    private readonly store: StaffStore,
    private readonly minPasswordLength: number,
  ) {}

  /** Site accounts win over stored ones with the same id; the returned ids are the stored ones that were set aside. */
  static async open(site: StaffAccountConfig[], store: StaffStore, minPasswordLength: number): Promise<{ accounts: StaffAccounts; shadowed: string[] }> {
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
    for (const state of await store.accountStates()) accounts.states.set(key(state.id), state);
    return { accounts, shadowed };
  }

  find(id: string): CurrentAccount | undefined {
    const account = this.byId.get(key(id));
    if (!account) return undefined;
    const state = this.states.get(key(id));
    // A password set at the desk stands until the site file gives the account a new one.
    const ownPassword = !state?.passwordHash || state.replacesHash !== account.passwordHash;
    return {
      id: account.id,
      name: account.name,
      role: account.role,
      passwordHash: ownPassword ? account.passwordHash : state.passwordHash!,
      disabled: state?.disabled ?? false,
      mustChangePassword: !ownPassword && state.mustChange,
    };
  }

  /** Every account, without hashes; `lockedUntil` says when an id's sign-in lock ends. */
  list(lockedUntil: (id: string) => number | null): StaffAccountView[] {
    return [...this.byId.values()]
      .map(({ passwordHash: _hash, ...view }) => {
        const { disabled, mustChangePassword } = this.find(view.id)!;
        const until = lockedUntil(view.id);
        return { ...view, disabled, mustChangePassword, lockedUntil: until === null ? null : new Date(until).toISOString() };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A new password for an account, stored with the change that set it; `mustChange`: it is a temporary one. */
  setPassword(id: string, passwordHash: string, mustChange: boolean, change: AccountChangeContext, kind: AccountChangeKind): Promise<void> {
    const account = this.byId.get(key(id))!;
    return this.saveState(account, { passwordHash, replacesHash: account.passwordHash, mustChange }, change, kind);
  }

  setDisabled(id: string, disabled: boolean, change: AccountChangeContext): Promise<void> {
    return this.saveState(this.byId.get(key(id))!, { disabled }, change, disabled ? 'disabled' : 'enabled');
  }

  /** A change that alters nothing kept here (an unlock), for the audit trail. */
  record(id: string, change: AccountChangeContext, kind: AccountChangeKind): Promise<void> {
    return this.store.recordChange({ at: change.at, afterSeq: change.afterSeq, by: change.by.id, staffId: this.byId.get(key(id))!.id, change: kind });
  }

  private async saveState(account: Account, patch: Partial<StoredAccountState>, change: AccountChangeContext, kind: AccountChangeKind): Promise<void> {
    const current = this.states.get(key(account.id)) ?? { id: account.id, passwordHash: null, replacesHash: null, mustChange: false, disabled: false };
    const state: StoredAccountState = { ...current, ...patch, updatedAt: change.at, updatedBy: change.by.id };
    await this.store.saveAccountState(state, { at: change.at, afterSeq: change.afterSeq, by: change.by.id, staffId: account.id, change: kind });
    this.states.set(key(account.id), state);
  }

  /** Adds an account for `by`, who must be a manager; stored durably before it can sign in. */
  async add(input: unknown, change: AccountChangeContext): Promise<NewAccountResult> {
    const { by, at: now } = change;
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
    await this.record(id, change, 'added');
    const { passwordHash: _hash, ...view } = account;
    return { ok: true, account: { ...view, disabled: false, mustChangePassword: false, lockedUntil: null } };
  }
}

function key(id: string): string {
  return id.toLowerCase();
}
