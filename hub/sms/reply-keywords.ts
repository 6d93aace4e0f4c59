/**
 * What a reply asks for. Only a whole message counts ("stop", "Stop." or
 * " STOP "), the way carriers read keywords: "don't stop" is not STOP.
 */
export type ReplyIntent = 'stop' | 'start' | 'help' | 'on-my-way' | 'more-time' | 'leave' | 'arrived' | 'other';

export interface ReadReply {
  intent: ReplyIntent;
  /** The language the keyword is in, when it tells (AYUDA is Spanish); null for STOP, digits and the rest. */
  language: 'en' | 'es' | null;
}

const KEYWORDS: Record<string, ReadReply> = {
  STOP: { intent: 'stop', language: null },
  STOPALL: { intent: 'stop', language: 'en' },
  UNSUBSCRIBE: { intent: 'stop', language: 'en' },
  CANCEL: { intent: 'stop', language: 'en' },
  END: { intent: 'stop', language: 'en' },
  QUIT: { intent: 'stop', language: 'en' },
  PARAR: { intent: 'stop', language: 'es' },
  BAJA: { intent: 'stop', language: 'es' },
  START: { intent: 'start', language: null },
  UNSTOP: { intent: 'start', language: 'en' },
  HELP: { intent: 'help', language: 'en' },
  INFO: { intent: 'help', language: null },
  AYUDA: { intent: 'help', language: 'es' },
  '1': { intent: 'on-my-way', language: null },
  '2': { intent: 'more-time', language: null },
  '0': { intent: 'leave', language: null },
  HERE: { intent: 'arrived', language: 'en' },
  "I'M HERE": { intent: 'arrived', language: 'en' },
  'IM HERE': { intent: 'arrived', language: 'en' },
  AQUI: { intent: 'arrived', language: 'es' },
  'ESTOY AQUI': { intent: 'arrived', language: 'es' },
};

export function readReply(text: string): ReadReply {
  return KEYWORDS[keywordOf(text)] ?? { intent: 'other', language: null };
}

/** A whole message as a keyword: upper case, without accents or the spaces and punctuation around it ("  Análisis! " → "ANALISIS"). */
export function keywordOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/\u2019/g, "'")
    .replace(/\s+/g, ' ')
    .toUpperCase()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

/** The words replies already mean something by: no service keyword may be one of them. */
export function isReplyKeyword(word: string): boolean {
  return Object.hasOwn(KEYWORDS, keywordOf(word));
}
