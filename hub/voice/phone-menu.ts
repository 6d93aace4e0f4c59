/**
 * Joining a line by phone: the keypad menu Twilio walks a caller through, one
 * webhook per step (paths in VOICE_WEBHOOK_PATHS). Language, then service,
 * then "you are number 4, we will call you back in about 12 minutes on the
 * number you are calling from: 1 to confirm, 2 for another number". What was
 * chosen travels in the next step's URL, which the signature covers, so a
 * caller who hangs up mid-menu leaves nothing behind: only the confirmation
 * enrols, as a phone caller who joined through the menu, once per call; a
 * number already in that line hears its ticket and place instead.
 */
import type { EntryView } from '../contract/views.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import { estimateForJoiner, positionOf } from '../queue/index.ts';
import type { JoinLimiter } from '../sms/join-by-text.ts';
import { maskPhone } from '../sms/mask-phone.ts';
import { activeEntryFor } from '../sms/replies.ts';
import { normalizePhone } from '../sms/phone-numbers.ts';
import { menuWords, MENU_LANGUAGES, spelled, type MenuWords } from './prompts.ts';
import { gather, hangup, say, voiceResponse, type TwimlVerb } from './twiml.ts';

export const VOICE_WEBHOOK_PATHS = {
  incoming: '/voice/twilio/incoming',
  language: '/voice/twilio/language',
  service: '/voice/twilio/service',
  confirm: '/voice/twilio/confirm',
  number: '/voice/twilio/number',
} as const;

export type MenuStep = keyof typeof VOICE_WEBHOOK_PATHS;

/** What the caller chose so far, carried in the next step's URL. */
export interface MenuChoices {
  lang?: string;
  service?: string;
  /** Another number to call back than the one calling. */
  phone?: string;
}

export interface PhoneMenuOptions {
  engine: QueueEngine;
  /** The site's languages the menu can speak, in menu order. */
  languages: readonly string[];
  /** The services offered, in keypad order. */
  serviceIds: readonly string[];
  /** The hub's address as Twilio calls it. */
  webhookBaseUrl: string;
  defaultCountry: string;
  limits: JoinLimiter;
  log: Logger;
}

/** Seconds Twilio waits for a key before going on to the goodbye. */
const KEY_TIMEOUT_SECONDS = 8;

export class PhoneMenu {
  private readonly base: string;
  private readonly languages: string[];

  constructor(private readonly options: PhoneMenuOptions) {
    this.base = options.webhookBaseUrl.replace(/\/+$/, '');
    this.languages = options.languages.filter((language) => MENU_LANGUAGES.includes(language.slice(0, 2)));
    if (this.languages.length === 0) this.languages = ['en'];
  }

  /** The TwiML for one step, from the call's form (From, Digits, CallSid) and the choices in its URL. */
  async answer(step: MenuStep, form: URLSearchParams, choices: MenuChoices): Promise<string> {
    const lang = choices.lang && this.languages.includes(choices.lang) ? choices.lang : null;
    const service = choices.service && this.options.serviceIds.includes(choices.service) ? choices.service : null;
    const digits = form.get('Digits') ?? '';
    // A step reached without what it needs (an old URL, a changed site file) starts over.
    if (step === 'incoming' || (step !== 'language' && !lang) || ((step === 'confirm' || step === 'number') && !service)) return this.languageMenu();
    switch (step) {
      case 'language': {
        const chosen = this.languages[Number(digits) - 1];
        return chosen && /^\d$/.test(digits) ? this.serviceMenu(chosen) : this.languageMenu(true);
      }
      case 'service': {
        const chosen = /^\d$/.test(digits) ? this.options.serviceIds[Number(digits) - 1] : undefined;
        return chosen ? this.offer(lang!, chosen, form) : this.serviceMenu(lang!, true);
      }
      case 'confirm':
        if (digits === '1') return this.enrol(lang!, service!, form, choices.phone);
        if (digits === '2') return this.askNumber(lang!, service!);
        return this.offer(lang!, service!, form, choices.phone, true);
      case 'number':
        return this.numberEntered(lang!, service!, form, digits);
    }
  }

  private languageMenu(again = false): string {
    if (this.languages.length === 1) return this.serviceMenu(this.languages[0]!, again);
    const first = menuWords(this.languages[0]!);
    return this.menu(
      this.url('language', {}),
      first,
      again ? [say(first.voice, first.notAnOption)] : [],
      this.languages.map((language, i) => say(menuWords(language).voice, menuWords(language).chooseLanguage(i + 1))),
    );
  }

  private serviceMenu(lang: string, again = false): string {
    const words = menuWords(lang);
    const services = this.options.serviceIds.map((id) => this.options.engine.config.services.find((s) => s.id === id)!);
    return this.menu(
      this.url('service', { lang }),
      words,
      again ? [say(words.voice, words.notAnOption)] : [],
      services.map((service, i) => say(words.voice, words.chooseService(service.name[lang] ?? service.name.en ?? service.id, i + 1))),
    );
  }

  /** The place and estimate someone joining now gets, and the number we would call back. */
  private offer(lang: string, serviceId: string, form: URLSearchParams, phone?: string, again = false): string {
    const words = menuWords(lang);
    const caller = this.callerNumber(form);
    if (!phone && !caller) return this.askNumber(lang, serviceId);
    const { engine } = this.options;
    // One visit per number and service: a second call hears where they are.
    const already = activeEntryFor(engine.state, (phone ?? caller)!, serviceId);
    if (already) return voiceResponse(say(words.voice, words.alreadyInLine(spelled(already.ticket!), positionOf(engine.state, already))), hangup());
    const place = (engine.state.lines[serviceId] ?? []).length + 1;
    const estimate = estimateForJoiner(engine.state, engine.config, serviceId);
    return this.menu(
      this.url('confirm', { lang, service: serviceId, ...(phone && { phone }) }),
      words,
      again ? [say(words.voice, words.notAnOption)] : [],
      [say(words.voice, words.offer(place, estimate, phone ? spelled(phone.slice(-4)) : null))],
    );
  }

  private askNumber(lang: string, serviceId: string, again = false): string {
    const words = menuWords(lang);
    return voiceResponse(
      ...(again ? [say(words.voice, words.badNumber)] : []),
      gather({ action: this.url('number', { lang, service: serviceId }), finishOnKey: '#', timeout: KEY_TIMEOUT_SECONDS }, say(words.voice, words.enterNumber)),
      say(words.voice, words.goodbye),
      hangup(),
    );
  }

  private numberEntered(lang: string, serviceId: string, form: URLSearchParams, digits: string): string {
    const number = /^\d{6,15}$/.test(digits) ? normalizePhone(digits, this.options.defaultCountry) : null;
    if (!number?.ok) return this.askNumber(lang, serviceId, true);
    return this.offer(lang, serviceId, form, number.e164);
  }

  private async enrol(lang: string, serviceId: string, form: URLSearchParams, phone: string | undefined): Promise<string> {
    const words = menuWords(lang);
    const callBack = phone ?? this.callerNumber(form);
    const callSid = form.get('CallSid') ?? '';
    const { engine, limits, log } = this.options;
    if (!callBack || !/^CA[0-9a-fA-F]{32}$/.test(callSid)) return voiceResponse(say(words.voice, words.cannotJoin), hangup());
    if (!limits.attempt(callBack, engine.now()).ok) {
      log.warn('Join by phone refused: too many joins', { from: maskPhone(callBack) });
      return voiceResponse(say(words.voice, words.cannotJoin), hangup());
    }
    const result = await submitCommand(engine, { kind: 'person', entryId: null, via: 'phone-menu' }, 'enroll', {
      serviceId,
      channel: 'phone',
      language: lang,
      phone: callBack,
      via: 'phone-menu',
      // Twilio may post the same step again: the call joins once.
      requestId: `ivr-${callSid}`,
    });
    log.info('Join by phone', { from: maskPhone(callBack), serviceId, joined: result.ok, ...(!result.ok && { error: result.error.message }) });
    if (!result.ok) return voiceResponse(say(words.voice, words.cannotJoin), hangup());
    return voiceResponse(say(words.voice, words.joined(spelled((result.result as EntryView).ticket ?? ''))), hangup());
  }

  /** The number calling, when it is one we can call back (not withheld, not a SIP or client address). */
  private callerNumber(form: URLSearchParams): string | null {
    const from = normalizePhone(form.get('From') ?? '', this.options.defaultCountry);
    return from.ok ? from.e164 : null;
  }

  /** A one-key menu: its prompts, then (no key pressed) goodbye. */
  private menu(action: string, words: MenuWords, before: TwimlVerb[], prompts: TwimlVerb[]): string {
    return voiceResponse(...before, gather({ action, numDigits: 1, timeout: KEY_TIMEOUT_SECONDS }, ...prompts), say(words.voice, words.goodbye), hangup());
  }

  private url(step: MenuStep, choices: MenuChoices): string {
    const query = new URLSearchParams(Object.entries(choices).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return `${this.base}${VOICE_WEBHOOK_PATHS[step]}${query ? `?${query}` : ''}`;
  }
}
