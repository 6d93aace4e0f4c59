/**
 * What a modem's +CMS ERROR codes (3GPP TS 27.005 §3.2.5, and the network's
 * causes from TS 24.011 below 128) mean for a text: worth trying again, or
 * not, because the number itself is refused.
 */

/** Network causes that say the destination number cannot receive texts at all. */
const NUMBER_REFUSED = new Set([1, 28, 30]);

const MEANINGS: Record<number, string> = {
  1: 'unassigned number',
  8: 'operator determined barring',
  10: 'call barred',
  21: 'short message transfer rejected',
  27: 'destination out of service',
  28: 'unidentified subscriber',
  29: 'facility rejected',
  30: 'unknown subscriber',
  38: 'network out of order',
  41: 'temporary failure',
  42: 'congestion',
  47: 'resources unavailable',
  50: 'facility not subscribed',
  96: 'invalid mandatory information',
  111: 'protocol error',
  300: 'modem failure',
  302: 'operation not allowed',
  304: 'invalid PDU mode parameter',
  305: 'invalid text mode parameter',
  310: 'SIM not inserted',
  311: 'SIM PIN required',
  313: 'SIM failure',
  314: 'SIM busy',
  316: 'SIM PUK required',
  322: 'memory full',
  330: 'service centre address unknown',
  331: 'no network service',
  332: 'network timeout',
  500: 'unknown error',
};

export function cmsErrorMeaning(code: number | undefined): string {
  return code === undefined ? 'no error code given' : (MEANINGS[code] ?? 'see 3GPP TS 27.005');
}

export function isNumberRefused(code: number | undefined): boolean {
  return code !== undefined && NUMBER_REFUSED.has(code);
}
