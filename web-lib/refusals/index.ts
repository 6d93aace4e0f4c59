/**
 * Hub refusals in the person's language, for every browser app: the hub sends
 * a reason key with parameters (hub/contract/refusals.ts) beside its English
 * message; describeRefusal words it from the catalog of the language's base.
 * A refusal without a known reason is the hub's own message in English, and a
 * general sentence for its code in any other language, never half of each.
 */
import { ERROR_CODES, type ErrorCode } from '../../hub/contract/errors.ts';
import { nameIn, type NamedInLanguages } from '../../hub/contract/names.ts';
import type { RefusalParams, RefusalReason } from '../../hub/contract/refusals.ts';
import { baseLanguage } from '../languages.ts';
import type { NameIn, RefusalCatalog } from './catalog.ts';
import { en } from './en.ts';
import { es } from './es.ts';

export type { RefusalCatalog } from './catalog.ts';

export const REFUSAL_CATALOGS: Readonly<Record<'en' | 'es', RefusalCatalog>> = { en, es };

/** A refusal as an app receives it: parsed JSON, so any field may be missing or odd. */
export interface ReceivedRefusal {
  code?: string;
  message?: string;
  reason?: string;
  params?: unknown;
}

/**
 * `withDetail`: for staff, a refusal without a known reason in another language
 * than English also gives the hub's English message in brackets, as the only
 * place its details are.
 */
export function describeRefusal(error: ReceivedRefusal, language: string, { withDetail = false } = {}): string {
  const base = baseLanguage(language);
  const catalog = Object.hasOwn(REFUSAL_CATALOGS, base) ? REFUSAL_CATALOGS[base as 'en' | 'es'] : en;
  const name: NameIn = (named: NamedInLanguages) => nameIn(named, language);
  if (error.reason && Object.hasOwn(catalog.reasons, error.reason) && typeof error.params === 'object' && error.params !== null) {
    const word = catalog.reasons[error.reason as RefusalReason] as (params: RefusalParams[RefusalReason], name: NameIn) => string;
    try {
      return word(error.params as RefusalParams[RefusalReason], name);
    } catch {
      // Parameters from another version of the hub: fall through to the general wording.
    }
  }
  if (catalog === en && error.message) return error.message;
  const code = error.code && Object.hasOwn(ERROR_CODES, error.code) ? (error.code as ErrorCode) : 'invalid_state';
  return withDetail && error.message ? `${catalog.codes[code]} (${error.message})` : catalog.codes[code];
}
