/**
 * What the phone menu says, per language, and the voice each is spoken in.
 * Numbers a caller must act on are said digit by digit.
 */
type Estimate = { lowMinutes: number; highMinutes: number };

const range = (e: Estimate, to: string) => (e.lowMinutes === e.highMinutes ? `${e.lowMinutes}` : `${e.lowMinutes} ${to} ${e.highMinutes}`);

export interface MenuWords {
  /** The `language` of TwiML's <Say>. */
  voice: string;
  chooseLanguage: (digit: number) => string;
  chooseService: (serviceName: string, digit: number) => string;
  offer: (place: number, estimate: Estimate | null, numberEnding: string | null) => string;
  enterNumber: string;
  joined: (ticket: string) => string;
  alreadyInLine: (ticket: string, place: number | null) => string;
  notAnOption: string;
  badNumber: string;
  cannotJoin: string;
  goodbye: string;
}

const english: MenuWords = {
  voice: 'en-US',
  chooseLanguage: (digit) => `For English, press ${digit}.`,
  chooseService: (name, digit) => `For ${name}, press ${digit}.`,
  offer: (place, estimate, ending) =>
    `You are number ${place}; we will call you back ${estimate ? `in about ${range(estimate, 'to')} minutes` : 'once a counter opens'} on ${
      ending ? `the number ending in ${ending}` : 'the number you are calling from'
    }. Press 1 to confirm, 2 to enter another number.`,
  enterNumber: 'Please enter the number we should call back, then press the pound key.',
  joined: (ticket) => `You are in line. Your ticket is ${ticket}. We will call you back when it is your turn. Goodbye.`,
  alreadyInLine: (ticket, place) => `You are already in this line with ticket ${ticket}${place ? `, number ${place}` : ''}. We will call you back. Goodbye.`,
  notAnOption: 'Sorry, that is not an option.',
  badNumber: 'Sorry, that is not a number we can call back.',
  cannotJoin: 'Sorry, we cannot add you to this line right now. Please call again later. Goodbye.',
  goodbye: 'We did not get an answer. Goodbye.',
};

const spanish: MenuWords = {
  voice: 'es-MX',
  chooseLanguage: (digit) => `Para español, oprima ${digit}.`,
  chooseService: (name, digit) => `Para ${name}, oprima ${digit}.`,
  offer: (place, estimate, ending) =>
    `Usted es el número ${place}; le devolveremos la llamada ${estimate ? `en unos ${range(estimate, 'a')} minutos` : 'cuando abra una ventanilla'} al ${
      ending ? `número que termina en ${ending}` : 'número desde el que llama'
    }. Oprima 1 para confirmar, 2 para indicar otro número.`,
  enterNumber: 'Marque el número al que debemos llamarle y después la tecla de número.',
  joined: (ticket) => `Ya está en la fila. Su turno es ${ticket}. Le llamaremos cuando sea su turno. Adiós.`,
  alreadyInLine: (ticket, place) => `Ya está en esta fila con el turno ${ticket}${place ? `, número ${place}` : ''}. Le llamaremos. Adiós.`,
  notAnOption: 'Lo sentimos, esa opción no existe.',
  badNumber: 'Lo sentimos, no podemos llamar a ese número.',
  cannotJoin: 'Lo sentimos, no podemos agregarle a esta fila ahora. Llame más tarde. Adiós.',
  goodbye: 'No recibimos respuesta. Adiós.',
};

const WORDS: Record<string, MenuWords> = { en: english, es: spanish };

/** Languages the phone menu can speak. */
export const MENU_LANGUAGES = Object.keys(WORDS);

export function menuWords(language: string): MenuWords {
  return WORDS[language.slice(0, 2)] ?? english;
}

/** "L-004" → "L, 0, 0, 4": said one character at a time. */
export function spelled(text: string): string {
  return [...text.replace(/[^A-Za-z0-9]/g, '')].join(', ');
}
