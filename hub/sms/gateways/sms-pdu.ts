/**
 * Texts to and from a GSM modem: which ones can go in text mode, the PDUs
 * (3GPP TS 23.040) for the others, and received PDUs back to a sender and a
 * text, joining the parts of long texts. PDUs are built and read by node-pdu.
 */
import { randomInt } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { Deliver, parse, Submit, utils } from 'node-pdu';

/**
 * Characters that mean the same in ASCII (the modem's "IRA" character set)
 * and in the GSM 7-bit default alphabet, so text mode carries them unchanged.
 * Line breaks are left to PDU mode: in text mode a CR ends a line of input.
 */
const TEXT_MODE_SAFE = /^[A-Za-z0-9 !"#$%&'()*+,\-./:;<=>?@_]*$/;
const SINGLE_PART_GSM_CHARACTERS = 160;

export function fitsTextMode(text: string): boolean {
  return text.length <= SINGLE_PART_GSM_CHARACTERS && TEXT_MODE_SAFE.test(text);
}

export interface SubmitPdu {
  /** Hex, starting with an empty service centre address ("00": the SIM's own). */
  hex: string;
  /** What AT+CMGS=<length> wants: octets after the service centre address. */
  length: number;
}

/** One PDU per part: GSM 7-bit where node-pdu can, UCS-2 otherwise, concatenated with a UDH when long. */
export function submitPdus(to: string, text: string): SubmitPdu[] {
  const submit = inDefaultAlphabet(text) ? new Submit(to, text) : ucs2Submit(to, text);
  return submit.getPartStrings().map((hex) => ({ hex, length: hex.length / 2 - 1 - serviceCentreOctets(hex) }));
}

/**
 * node-pdu's 7-bit table has "`" where "§" belongs and its escape character
 * in it; left out, so texts with them go as UCS-2.
 */
const DEFAULT_ALPHABET = new Set([...utils.Helper.ALPHABET_7BIT].filter((character) => character !== '`' && character !== '\x1b'));

/**
 * node-pdu picks UCS-2 only for characters above U+00C0 and sends any other
 * character it cannot encode as a space ("2ª planta" would lose its "ª"),
 * and it counts extension-table characters ("[", "€") as one septet though
 * they take two. Texts outside the default alphabet are therefore split and
 * encoded as UCS-2 here, with node-pdu's building blocks.
 */
function inDefaultAlphabet(text: string): boolean {
  return [...text].every((character) => DEFAULT_ALPHABET.has(character));
}

const UCS2_SINGLE_PART_UNITS = 70;
/** 140 octets less the 6-octet concatenation header and its length octet, in 2-octet units. */
const UCS2_CONCATENATED_PART_UNITS = 66;

function ucs2Submit(to: string, text: string): Submit {
  const chunks = text.length <= UCS2_SINGLE_PART_UNITS ? [text] : splitUtf16(text, UCS2_CONCATENATED_PART_UNITS);
  const concatenated = chunks.length > 1;
  const reference = randomInt(0, 0x10000);
  const parts = chunks.map((chunk, i) => {
    const { result, length } = utils.Helper.encode16Bit(chunk);
    const header = concatenated ? new utils.Header({ POINTER: reference, SEGMENTS: chunks.length, CURRENT: i + 1 }) : undefined;
    return new utils.Part(result, length + (header ? 1 + header.getSize() : 0), chunk, header);
  });
  return new Submit(to, new utils.Data({ data: text, size: text.length, parts, isUnicode: true }), {
    dataCodingScheme: new utils.DCS({ textAlphabet: utils.DCS.ALPHABET_UCS2 }),
    type: new utils.SubmitType({ userDataHeader: concatenated ? 1 : 0 }),
  });
}

/** Chunks of at most `units` UTF-16 code units that never split a surrogate pair (an emoji). */
function splitUtf16(text: string, units: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + units, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** The first octet is the length of the service centre address that follows it. */
function serviceCentreOctets(hex: string): number {
  return parseInt(hex.slice(0, 2), 16);
}

export interface ReceivedPart {
  /** E.164 where the address says international or `defaultCountry` makes it so; otherwise as received. */
  from: string;
  text: string;
  /** Present on one part of a long text. */
  concatenation?: { reference: number; total: number; sequence: number };
}

/** Reads an SMS-DELIVER PDU (as +CMGR and +CMT give it in PDU mode). */
export function decodeDeliverPdu(hex: string, defaultCountry?: CountryCode): ReceivedPart {
  const pdu = parse(hex.trim());
  if (!(pdu instanceof Deliver)) throw new Error('The PDU is not a received text (SMS-DELIVER)');
  const header = pdu.getParts()[0]?.header?.toJSON();
  const from = senderAsE164(pdu.address.phone ?? '', pdu.address.type.type === INTERNATIONAL, defaultCountry);
  const text = pdu.data.getText();
  if (header?.SEGMENTS && header.SEGMENTS > 1 && header.CURRENT && header.POINTER !== undefined) {
    return { from, text, concatenation: { reference: header.POINTER, total: header.SEGMENTS, sequence: header.CURRENT } };
  }
  return { from, text };
}

const INTERNATIONAL = 1;

export function senderAsE164(address: string, international: boolean, defaultCountry?: CountryCode): string {
  if (international && /^\d+$/.test(address)) return `+${address}`;
  if (/^\+\d+$/.test(address)) return address;
  const national = defaultCountry ? parsePhoneNumberFromString(address, defaultCountry) : undefined;
  return national?.isValid() ? national.number : address;
}

/**
 * Joins the parts of long texts, which may arrive in any order. Parts of a
 * text that never completes are dropped once `maxPending` other texts wait.
 */
export class ConcatenatedTexts {
  private readonly pending = new Map<string, { total: number; parts: Map<number, string> }>();

  constructor(private readonly maxPending = 50) {}

  /** The whole text once every part is in; undefined while parts are missing. */
  add(part: ReceivedPart): string | undefined {
    if (!part.concatenation) return part.text;
    const { reference, total, sequence } = part.concatenation;
    const key = `${part.from}:${reference}:${total}`;
    const entry = this.pending.get(key) ?? { total, parts: new Map<number, string>() };
    entry.parts.set(sequence, part.text);
    this.pending.delete(key);
    if (entry.parts.size < total) {
      this.pending.set(key, entry);
      this.dropOldest();
      return undefined;
    }
    return [...entry.parts.entries()].sort(([a], [b]) => a - b).map(([, text]) => text).join('');
  }

  private dropOldest(): void {
    while (this.pending.size > this.maxPending) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) return;
      this.pending.delete(oldest);
    }
  }
}
