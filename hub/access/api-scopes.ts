/**
 * What an API key may be used for. The site file gives each key its scopes;
 * each REST route names the one it needs:
 *
 *   read            the lines, counters and entries, the mirror's health
 *   enrol           put people in line and check in appointments
 *   contact-center  the contact-center requests over HTTP
 *   manage          run the line (call, serve, move, cancel, counters), reports and the audit trail
 *
 * A key listed without scopes has them all, as keys had before scopes existed.
 */
import type { ApiScope } from '../contract/roles.ts';

/** Why the key `keyId`, holding `scopes`, may not do what needs `needed`; null when it may. */
export function apiScopeRefusal(keyId: string, scopes: readonly ApiScope[], needed: ApiScope): string | null {
  if (scopes.includes(needed)) return null;
  return `API key ${keyId} does not have the '${needed}' scope (it has ${scopes.map((s) => `'${s}'`).join(', ')}); add it to the key's scopes in the site file`;
}
