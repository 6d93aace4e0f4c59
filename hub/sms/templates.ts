/**
 * Every text Lobbyline sends, per language, English when a language has no
 * wording. Short and kept to the GSM-7 alphabet where the language allows
 * (no á í ó ú in Spanish), so a text fits one 160-character part. A service
 * is named only when the caller passes its name: sensitive services never are.
 * A time is the site's clock time in the text's language, whatever zone the
 * hub's machine is set to: a text can arrive late, and then says when the call was.
 * A refusal is worded from its reason where a text reply can meet it, else
 * English gives the hub's message and other languages a general sentence.
 */
import { nameIn } from '../contract/names.ts';
import type { RefusedAction, Refusal } from '../contract/refusals.ts';

export type SmsMessage =
  | { kind: 'next'; ticket: string; serviceName: string | null }
  | { kind: 'called'; ticket: string; counterName: string; calledAt: number }
  | { kind: 'recalled'; ticket: string; counterName: string }
  | { kind: 'transferred'; ticket: string; serviceName: string | null; place: number | null }
  /** A phone caller joined (or moved to the phone): their place and when to expect the call; null while no counter serves the line. */
  | { kind: 'callback-confirmed'; ticket: string; place: number; expectedAt: number | null }
  /** Their expected callback time moved a lot since they were told. */
  | { kind: 'callback-moved'; ticket: string; place: number; expectedAt: number }
  | { kind: 'opted-out' }
  | { kind: 'opted-in' }
  | { kind: 'help'; siteText: string | null; keywords?: string[] }
  | { kind: 'menu'; ticket: string; called: boolean }
  | { kind: 'on-my-way'; ticket: string }
  | { kind: 'more-time'; ticket: string }
  | { kind: 'left'; ticket: string }
  | { kind: 'arrived'; ticket: string }
  | { kind: 'refused'; reason: string; why?: Refusal }
  | { kind: 'joined'; ticket: string; serviceName: string | null; place: number | null; estimate: { lowMinutes: number; highMinutes: number } | null }
  | { kind: 'already-in-line'; ticket: string; place: number | null }
  | { kind: 'waiting-remote'; ticket: string };

export type SmsMessageKind = SmsMessage['kind'];

/** The site a text comes from: its name, and the zone its times are told in. */
export interface SmsSite {
  name: string;
  timeZone: string;
}

type Wording = { [K in SmsMessageKind]: (message: Extract<SmsMessage, { kind: K }>, site: string, time: (at: number) => string) => string } & {
  /** Put before the person's status link, in the texts that carry one. */
  statusLink: string;
};

/**
 * Texts that end with the person's status link (their place, live, on the
 * site's public address): the answer to a stray text and the texts that say
 * their place changed. The others stay short enough for one part.
 */
export const TEXTS_WITH_STATUS_LINK: ReadonlySet<SmsMessageKind> = new Set(['menu', 'transferred', 'more-time', 'joined', 'already-in-line', 'callback-confirmed', 'callback-moved', 'waiting-remote']);

/** Someone already called cannot ask for more time, so their menu leaves it out. */
const MENU_EN = 'Reply 1 on my way, 2 more time, 0 leave the line.';
const CALLED_MENU_EN = 'Reply 1 on my way, 0 leave the line.';
const MENU_ES = 'Responda 1 voy en camino, 2 necesito unos minutos, 0 dejar la fila.';
const CALLED_MENU_ES = 'Responda 1 voy en camino, 0 dejar la fila.';

const english: Wording = {
  next: (m, site) => `${site}: ticket ${m.ticket}${m.serviceName ? ` (${m.serviceName})` : ''}, we will call you soon. Please come to the waiting area. ${MENU_EN}`,
  called: (m, site, time) => `${site}: ticket ${m.ticket}, called at ${time(m.calledAt)}: please go to ${m.counterName} now. ${CALLED_MENU_EN}`,
  recalled: (m, site) => `${site}: ticket ${m.ticket}, we are calling you again. Please go to ${m.counterName} now.`,
  transferred: (m, site) =>
    `${site}: ticket ${m.ticket} is now in the ${m.serviceName ? `${m.serviceName} line` : 'line for your next step'}.${m.place ? ` You are number ${m.place}.` : ''}`,
  'callback-confirmed': (m, site, time) =>
    `${site}: ticket ${m.ticket}, you are number ${m.place} in line. ${
      m.expectedAt === null ? 'We will call you back when your turn comes.' : `We expect to call you back around ${time(m.expectedAt)}.`
    }`,
  'callback-moved': (m, site, time) => `${site}: ticket ${m.ticket}, your callback time has changed: we now expect to call you around ${time(m.expectedAt)}. You are number ${m.place}.`,
  'opted-out': (_m, site) => `${site}: you will get no more texts from us. Reply START to get them again.`,
  'opted-in': (_m, site) => `${site}: texts are on again. Reply STOP to stop them, HELP for help.`,
  help: (m, site) =>
    `${site}: texts about your place in line. ${m.keywords?.length ? `Text ${orList(m.keywords, 'or')} to join a line. ` : ''}${m.siteText ? `${m.siteText} ` : ''}Reply STOP to stop, START to restart.`,
  menu: (m) => `Ticket ${m.ticket}: ${m.called ? CALLED_MENU_EN : MENU_EN}`,
  'on-my-way': (m) => `Thanks, staff can see ticket ${m.ticket} is on the way.`,
  'more-time': (m) => `OK, ticket ${m.ticket} has moved back a few places. We will text you again.`,
  left: (m) => `Ticket ${m.ticket} has left the line. Thank you for letting us know.`,
  arrived: (m) => `Thanks, staff can see ticket ${m.ticket} is here. Please wait in the waiting area.`,
  refused: (m) => `Sorry, that did not work: ${m.reason}`,
  joined: (m, site) =>
    `${site}: you are in line${m.serviceName ? ` for ${m.serviceName}` : ''}, ticket ${m.ticket}.${m.place ? ` You are number ${m.place}` : ''}${
      m.estimate ? `, about ${minutes(m.estimate)} min.` : m.place ? '.' : ''
    } ${MENU_EN}`,
  'already-in-line': (m, site) => `${site}: you are already in line, ticket ${m.ticket}${m.place ? `, number ${m.place}` : ''}.`,
  'waiting-remote': (m, site) => `${site}: ticket ${m.ticket} keeps its place in line. Wait where you like; we will text you when it is nearly your turn.`,
  statusLink: 'Your place:',
};

const spanish: Wording = {
  next: (m, site) => `${site}: turno ${m.ticket}${m.serviceName ? ` (${m.serviceName})` : ''}, le llamaremos pronto. Venga a la sala de espera. ${MENU_ES}`,
  called: (m, site, time) => `${site}: turno ${m.ticket}, llamado a las ${time(m.calledAt)}: pase ahora a ${m.counterName}. ${CALLED_MENU_ES}`,
  recalled: (m, site) => `${site}: turno ${m.ticket}, le llamamos otra vez. Pase ahora a ${m.counterName}.`,
  transferred: (m, site) =>
    `${site}: el turno ${m.ticket} esta ahora en la fila ${m.serviceName ? `de ${m.serviceName}` : 'de su siguiente paso'}.${m.place ? ` Usted es el numero ${m.place}.` : ''}`,
  'callback-confirmed': (m, site, time) =>
    `${site}: turno ${m.ticket}, usted es el numero ${m.place} en la fila. ${
      m.expectedAt === null ? 'Le llamaremos cuando sea su turno.' : `Le llamaremos alrededor de las ${time(m.expectedAt)}.`
    }`,
  'callback-moved': (m, site, time) => `${site}: turno ${m.ticket}, cambio la hora de su llamada: ahora le llamaremos alrededor de las ${time(m.expectedAt)}. Usted es el numero ${m.place}.`,
  'opted-out': (_m, site) => `${site}: no recibira mas mensajes. Responda START para recibirlos de nuevo.`,
  'opted-in': (_m, site) => `${site}: mensajes activados. Responda PARAR para dejarlos, AYUDA para ayuda.`,
  help: (m, site) =>
    `${site}: mensajes sobre su turno. ${m.keywords?.length ? `Envie ${orList(m.keywords, 'o')} para unirse a una fila. ` : ''}${m.siteText ? `${m.siteText} ` : ''}Responda PARAR para dejarlos, START para volver.`,
  menu: (m) => `Turno ${m.ticket}: ${m.called ? CALLED_MENU_ES : MENU_ES}`,
  'on-my-way': (m) => `Gracias, el personal sabe que el turno ${m.ticket} va en camino.`,
  'more-time': (m) => `De acuerdo, el turno ${m.ticket} paso unos lugares atras. Le avisaremos otra vez.`,
  left: (m) => `El turno ${m.ticket} dejo la fila. Gracias por avisarnos.`,
  arrived: (m) => `Gracias, el personal sabe que el turno ${m.ticket} ya llego. Espere en la sala de espera.`,
  refused: (m) => `Lo sentimos, no fue posible: ${spanishRefusal(m.why)}`,
  joined: (m, site) =>
    `${site}: ya esta en la fila${m.serviceName ? ` de ${m.serviceName}` : ''}, turno ${m.ticket}.${m.place ? ` Usted es el numero ${m.place}` : ''}${
      m.estimate ? `, unos ${minutes(m.estimate)} min.` : m.place ? '.' : ''
    } ${MENU_ES}`,
  'already-in-line': (m, site) => `${site}: ya esta en la fila, turno ${m.ticket}${m.place ? `, numero ${m.place}` : ''}.`,
  'waiting-remote': (m, site) => `${site}: el turno ${m.ticket} conserva su lugar en la fila. Espere donde quiera; le avisaremos cuando falte poco.`,
  statusLink: 'Su lugar:',
};

/** What a text reply (on my way, more time, leave, joining by keyword) can be refused for, in Spanish; anything else sends the person to the desk. */
function spanishRefusal(why: Refusal | undefined): string {
  const actions: Partial<Record<RefusedAction, string>> = { 'on-my-way': 'avisar que va en camino', 'more-time': 'darle mas tiempo', cancel: 'dejar la fila', arrived: 'avisar que ya llego' };
  switch (why?.reason) {
    case 'entry.already_last':
      return `${why.params.ticket} ya esta al final de la fila`;
    case 'entry.more_time_used':
      return `${why.params.ticket} ya recibio mas tiempo ${why.params.times === 1 ? 'una vez' : `${why.params.times} veces`}; pregunte en el mostrador`;
    case 'entry.wrong_status': {
      const p = why.params;
      const ticket = 'ticket' in p.entry ? p.entry.ticket : p.entry.appointment;
      const where = p.counter && (p.status === 'called' ? `ya fue llamado a ${nameIn(p.counter, 'es')}` : `ya esta en atencion en ${nameIn(p.counter, 'es')}`);
      const action = actions[p.action];
      return `${action ? `no se puede ${action}: ` : ''}${ticket} ${where || 'ya no esta en la fila'}`;
    }
    case 'line.full':
      return `la fila de ${nameIn(why.params.service, 'es')} esta llena; pregunte en el mostrador`;
    case 'line.remote_full':
      return `${nameIn(why.params.service, 'es')} no admite a mas personas a distancia; venga y use el quiosco`;
    case 'join.too_many':
      return `se esta uniendo demasiada gente ahora. Intentelo de nuevo en ${why.params.minutes} min o use el quiosco`;
    default:
      return 'pregunte en el mostrador';
  }
}

const WORDINGS: Record<string, Wording> = { en: english, es: spanish };

/** Languages with their own wording; any other falls back to English. */
export const SMS_LANGUAGES = Object.keys(WORDINGS);

/**
 * `language` may carry a region (es-MX): its base language is used, for the words and the times alike.
 * `statusUrl` ends the texts that carry one.
 */
export function smsText(message: SmsMessage, language: string, site: SmsSite, statusUrl: string | null = null): string {
  const wordingLanguage = WORDINGS[language.slice(0, 2)] ? language.slice(0, 2) : 'en';
  const wording = WORDINGS[wordingLanguage]!;
  const render = wording[message.kind] as (m: SmsMessage, site: string, time: (at: number) => string) => string;
  const text = render(message, site.name, (at) => clockTime(at, site.timeZone, wordingLanguage));
  return statusUrl && TEXTS_WITH_STATUS_LINK.has(message.kind) ? `${text} ${wording.statusLink} ${statusUrl}` : text;
}

/** "LAB, XRAY or REG" */
function orList(words: string[], or: string): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${or} ${words.at(-1)}`;
}

/** "10-15", or "10" when the range is one number. */
function minutes(estimate: { lowMinutes: number; highMinutes: number }): string {
  return estimate.lowMinutes === estimate.highMinutes ? String(estimate.lowMinutes) : `${estimate.lowMinutes}-${estimate.highMinutes}`;
}

/** "9:02 AM" (en), "9:02" (es); the no-break spaces some ICU versions put before AM are not in GSM-7. */
function clockTime(at: number, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone }).format(at).replace(/[\u00a0\u202f]/g, ' ');
}
