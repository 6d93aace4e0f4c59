/**
 * Text a receipt printer can print in its one code page. A character the code
 * page has is kept (á, ñ, ¿ and € in CP858); any other is replaced by its
 * nearest printable form instead of the encoder's `?`: typographic dashes and
 * quotes by their plain ones, an ellipsis by three dots, a letter with an
 * accent the code page lacks by its base letter (ő → o, ł → l), and a few
 * signs by a spelling (™ → TM). What has no such form is still `?`.
 *
 * A small explicit table rather than a transliteration library: those turn
 * everything into ASCII, and the letters the code page does have must stay.
 */
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';

/** Replacements for characters that Unicode decomposition does not reduce to a printable letter. */
const REPLACEMENTS: Record<string, string> = {
  // Dashes, hyphens and minus signs.
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u2043': '-',
  // Quotes and primes.
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '\u02bc': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
  '\u2039': '<', '\u203a': '>',
  // Spaces: no-break, narrow, thin, figure and the like.
  '\u00a0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2007': ' ', '\u2009': ' ', '\u200a': ' ', '\u202f': ' ', '\u205f': ' ',
  '\u200b': '', '\u200c': '', '\u200d': '', '\u2060': '', '\ufeff': '', '\u00ad': '',
  // Signs.
  '\u2026': '...', '\u2022': '*', '\u00b7': '.', '\u2122': 'TM', '\u2116': 'No', '\u2192': '->', '\u2190': '<-', '\u00d7': 'x',
  '\u20ac': 'EUR',
  // Letters without a decomposition.
  '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u0126': 'H', '\u0127': 'h', '\u0131': 'i',
  '\u0152': 'OE', '\u0153': 'oe', '\u00c6': 'AE', '\u00e6': 'ae', '\u00d8': 'O', '\u00f8': 'o', '\u00df': 'ss',
  '\u00de': 'Th', '\u00fe': 'th', '\u00d0': 'D', '\u00f0': 'd', '\u0132': 'IJ', '\u0133': 'ij',
};

const printableSets = new Map<Codepage, Set<number>>();

/** The code points a code page prints: printable ASCII and its own table's upper half. */
function printableIn(codepage: Codepage): Set<number> {
  let set = printableSets.get(codepage);
  if (!set) {
    set = new Set<number>();
    for (let c = 0x20; c < 0x7f; c++) set.add(c);
    const table = CodepageEncoder.getEncoding(codepage).codepoints;
    for (let byte = 0x80; byte < 0x100; byte++) {
      const codepoint = table[byte];
      if (codepoint !== undefined && codepoint >= 0xa0) set.add(codepoint);
    }
    printableSets.set(codepage, set);
  }
  return set;
}

/** `text` with every character the code page lacks replaced by its nearest printable form. */
export function printableText(text: string, codepage: Codepage): string {
  const printable = printableIn(codepage);
  let out = '';
  for (const char of text.normalize('NFC')) {
    out += printable.has(char.codePointAt(0)!) ? char : nearest(char, printable);
  }
  return out;
}

function nearest(char: string, printable: Set<number>): string {
  const replacement = REPLACEMENTS[char];
  if (replacement !== undefined && [...replacement].every((c) => printable.has(c.codePointAt(0)!))) return replacement;
  // A letter with marks the code page lacks: keep as many of its marks as it has (ǘ → ü), else the base letter.
  const decomposed = char.normalize('NFD');
  for (let keep = decomposed.length - 1; keep >= 1; keep--) {
    const shorter = decomposed.slice(0, keep).normalize('NFC');
    if ([...shorter].every((c) => printable.has(c.codePointAt(0)!))) return shorter;
  }
  return '?';
}
