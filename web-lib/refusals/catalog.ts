/**
 * The shape of a language's refusal wordings: one per reason the hub gives
 * (hub/contract/refusals.ts), typed by that reason's parameters, so a catalog
 * that misses a reason does not compile; and one per error code, for the
 * refusals that carry no reason (a newer hub, or a request no app makes).
 */
import type { ErrorCode } from '../../hub/contract/errors.ts';
import type { NamedInLanguages } from '../../hub/contract/names.ts';
import type { RefusalParams, RefusalReason } from '../../hub/contract/refusals.ts';

/** A name the site gives in this language, else its default. */
export type NameIn = (named: NamedInLanguages) => string;

export interface RefusalCatalog {
  reasons: { [K in RefusalReason]: (params: RefusalParams[K], name: NameIn) => string };
  codes: Record<ErrorCode, string>;
}
