/**
 * Every text Lobbyline sends, per language, English when a language has no
 * wording. Short and kept to the GSM-7 alphabet where the language allows
 * (no á í ó ú in Spanish), so a text fits one 160-character part. A service
 * is named only when the caller passes its name: sensitive services never are.
 * A refusal is worded from its reason where a text reply can meet it, else
 * English gives the hub's message and other languages a general sentence.
 */
import { nameIn } from '../contract/names.ts';
import type { RefusedAction, Refusal } from '../contract/refusals.ts';

export type SmsMessage =
  | { kind: 'next'; ticket: string; serviceName: string | null }
  | { kind: 'called'; ticket: string; counterName: string }
  | { kind: 'recalled'; ticket: string; counterName: string }
  | { kind: 'transferred'; ticket: string; serviceName: string | null; place: number | null }
  | { kind: 'opted-out' }
  | { kind: 'opted-in' }
  | { kind: 'help'; siteText: string | null }
  | { kind: 'menu'; ticket: string; called: boolean }
  | { kind: 'on-my-way'; ticket: string }
  | { kind: 'more-time'; ticket: string }
  | { kind: 'left'; ticket: string }
  | { kind: 'refused'; reason: string; why?: Refusal };

export type SmsMessageKind = SmsMessage['kind'];

type Wording = { [K in SmsMessageKind]: (message: Extract<SmsMessage, { kind: K }>, site: string) => string };

/** Someone already called cannot ask for more time, so their menu leaves it out. */
const MENU_EN = 'Reply 1 on my way, 2 more time, 0 leave the line.';
const CALLED_MENU_EN = 'Reply 1 on my way, 0 leave the line.';
const MENU_ES = 'Responda 1 voy en camino, 2 necesito unos minutos, 0 dejar la fila.';
const CALLED_MENU_ES = 'Responda 1 voy en camino, 0 dejar la fila.';

const english: Wording = {
  next: (m, site) => `${site}: ticket ${m.ticket}${m.serviceName ? ` (${m.serviceName})` : ''}, we will call you soon. Please come to the waiting area. ${MENU_EN}`,
  called: (m, site) => `${site}: ticket ${m.ticket}, please go to ${m.counterName} now. ${CALLED_MENU_EN}`,
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
};

const spanish: Wording = {
  next: (m, site) => `${site}: turno ${m.ticket}${m.serviceName ? ` (${m.serviceName})` : ''}, le llamaremos pronto. Venga a la sala de espera. ${MENU_ES}`,
  called: (m, site) => `${site}: turno ${m.ticket}, pase ahora a ${m.counterName}. ${CALLED_MENU_ES}`,
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

/** `language` may carry a region (es-MX): its base language is used. */
export function smsText(message: SmsMessage, language: string, siteName: string): string {
  const wording = WORDINGS[language.slice(0, 2)] ?? english;
  const render = wording[message.kind] as (m: SmsMessage, site: string) => string;
  return render(message, siteName);
}
