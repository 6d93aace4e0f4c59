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
  | { kind: 'opted-out' }
  | { kind: 'opted-in' }
  | { kind: 'help'; siteText: string | null }
  | { kind: 'menu'; ticket: string; called: boolean }
  | { kind: 'on-my-way'; ticket: string }
  | { kind: 'more-time'; ticket: string }
  | { kind: 'left'; ticket: string }
  | { kind: 'refused'; reason: string; why?: Refusal }
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
export const TEXTS_WITH_STATUS_LINK: ReadonlySet<SmsMessageKind> = new Set(['menu', 'transferred', 'more-time', 'waiting-remote']);

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
  'opted-out': (_m, site) => `${site}: you will get no more texts from us. Reply START to get them again.`,
  'opted-in': (_m, site) => `${site}: texts are on again. Reply STOP to stop them, HELP for help.`,
  help: (m, site) => `${site}: texts about your place in line. ${m.siteText ? `${m.siteText} ` : ''}Reply STOP to stop, START to restart.`,
  menu: (m) => `Ticket ${m.ticket}: ${m.called ? CALLED_MENU_EN : MENU_EN}`,
  'on-my-way': (m) => `Thanks, staff can see ticket ${m.ticket} is on the way.`,
  'more-time': (m) => `OK, ticket ${m.ticket} has moved back a few places. We will text you again.`,
  left: (m) => `Ticket ${m.ticket} has left the line. Thank you for letting us know.`,
  refused: (m) => `Sorry, that did not work: ${m.reason}`,
  'waiting-remote': (m, site) => `${site}: ticket ${m.ticket} keeps its place in line. Wait where you like; we will text you when it is nearly your turn.`,
  statusLink: 'Your place:',
};

const spanish: Wording = {
  next: (m, site) => `${site}: turno ${m.ticket}${m.serviceName ? ` (${m.serviceName})` : ''}, le llamaremos pronto. Venga a la sala de espera. ${MENU_ES}`,
  called: (m, site, time) => `${site}: turno ${m.ticket}, llamado a las ${time(m.calledAt)}: pase ahora a ${m.counterName}. ${CALLED_MENU_ES}`,
  recalled: (m, site) => `${site}: turno ${m.ticket}, le llamamos otra vez. Pase ahora a ${m.counterName}.`,
  transferred: (m, site) =>
    `${site}: el turno ${m.ticket} esta ahora en la fila ${m.serviceName ? `de ${m.serviceName}` : 'de su siguiente paso'}.${m.place ? ` Usted es el numero ${m.place}.` : ''}`,
  'opted-out': (_m, site) => `${site}: no recibira mas mensajes. Responda START para recibirlos de nuevo.`,
  'opted-in': (_m, site) => `${site}: mensajes activados. Responda PARAR para dejarlos, AYUDA para ayuda.`,
  help: (m, site) => `${site}: mensajes sobre su turno. ${m.siteText ? `${m.siteText} ` : ''}Responda PARAR para dejarlos, START para volver.`,
  menu: (m) => `Turno ${m.ticket}: ${m.called ? CALLED_MENU_ES : MENU_ES}`,
  'on-my-way': (m) => `Gracias, el personal sabe que el turno ${m.ticket} va en camino.`,
  'more-time': (m) => `De acuerdo, el turno ${m.ticket} paso unos lugares atras. Le avisaremos otra vez.`,
  left: (m) => `El turno ${m.ticket} dejo la fila. Gracias por avisarnos.`,
  refused: (m) => `Lo sentimos, no fue posible: ${spanishRefusal(m.why)}`,
  'waiting-remote': (m, site) => `${site}: el turno ${m.ticket} conserva su lugar en la fila. Espere donde quiera; le avisaremos cuando falte poco.`,
  statusLink: 'Su lugar:',
};

/** What a text reply (on my way, more time, leave) can be refused for, in Spanish; anything else sends the person to the desk. */
function spanishRefusal(why: Refusal | undefined): string {
  const actions: Partial<Record<RefusedAction, string>> = { 'on-my-way': 'avisar que va en camino', 'more-time': 'darle mas tiempo', cancel: 'dejar la fila' };
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

/** "9:02 AM" (en), "9:02" (es); the no-break spaces some ICU versions put before AM are not in GSM-7. */
function clockTime(at: number, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone }).format(at).replace(/[\u00a0\u202f]/g, ' ');
}
