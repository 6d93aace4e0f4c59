/**
 * Answers texts people send to the site's number: STOP and START, HELP (with
 * the keywords to join a line), a service's keyword (joins that line, or says
 * where they already are in it), the menu digits (1 on my way, 2 more time,
 * 0 leave the line) and HERE/AQUI ("I'm here") for their place in line, and
 * anything else with the menu or, from a number not in line, the help text at
 * most once a day.
 */
import type { Refusal } from '../contract/refusals.ts';
import { positionOf, type Entry, type QueueState } from '../queue/index.ts';
import type { Logger } from '../log.ts';
import type { IncomingSms } from './gateway.ts';
import { maskPhone } from './mask-phone.ts';
import type { OptOutList } from './opt-outs.ts';
import { normalizePhone } from './phone-numbers.ts';
import { keywordsIn, type JoinKeyword, type JoinKeywords } from './join-keywords.ts';
import type { TextJoin } from './join-by-text.ts';
import { keywordOf, readReply, type ReplyIntent } from './reply-keywords.ts';
import type { AutoReplyLimiter } from './auto-replies.ts';
import type { SmsMessage } from './templates.ts';

export type PersonAction = 'on-my-way' | 'more-time' | 'leave' | 'arrived';
/** `why`: the hub's reason, which the templates word in the person's language. */
export type ActResult = { ok: true } | { ok: false; message: string; why?: Refusal };
/** Does what a person asked for by text, through the queue's commands. */
export type ReplyAction = (entryId: string, action: PersonAction) => Promise<ActResult>;

const HOUR = 3_600_000;
/** An unknown number gets the help text at most this often. */
export const UNKNOWN_NUMBER_HELP_INTERVAL_MS = 24 * HOUR;
/** Stray texts from someone in line get the menu at most this often. */
export const MENU_INTERVAL_MS = HOUR / 6;

const ACTIONS: Partial<Record<ReplyIntent, PersonAction>> = { 'on-my-way': 'on-my-way', 'more-time': 'more-time', leave: 'leave', arrived: 'arrived' };

export interface ReplyHandlerOptions {
  state: () => QueueState;
  optOuts: OptOutList;
  limiter: AutoReplyLimiter;
  act: ReplyAction;
  /** Stores an answer in the outbox and has it sent. */
  answer: (to: string, message: SmsMessage, language: string, entryId: string | null) => Promise<void>;
  /** Pending texts to a number that just opted out: cancelled. */
  cancelPendingTo: (phone: string) => Promise<void>;
  helpText: (language: string) => string | null;
  /** Service keywords that join a line, and the joining itself; without them a keyword is just another text. */
  joinKeywords?: JoinKeywords;
  join?: TextJoin;
  /** A service's name for a text, or null for a sensitive service, which is never named. */
  serviceName?: (serviceId: string, language: string) => string | null;
  defaultCountry: string;
  defaultLanguage: string;
  now: () => number;
  log: Logger;
}

export class ReplyHandler {
  constructor(private readonly options: ReplyHandlerOptions) {}

  async handle(sms: IncomingSms): Promise<void> {
    const { optOuts, log } = this.options;
    const sender = normalizePhone(sms.from, this.options.defaultCountry);
    if (!sender.ok) {
      log.warn('Text from a number that cannot be answered ignored', { from: maskPhone(sms.from), reason: sender.message });
      return;
    }
    const from = sender.e164;
    const { intent, language: keywordLanguage } = readReply(sms.text);
    const entry = activeEntryFor(this.options.state(), from);
    const language = entry?.language ?? keywordLanguage ?? this.options.defaultLanguage;
    log.info('Text received', { from: maskPhone(from), intent, inLine: entry !== null });

    if (intent === 'stop') return this.optOut(from, language, entry);
    if (intent === 'start') {
      await optOuts.optIn(from);
      return this.options.answer(from, { kind: 'opted-in' }, language, entry?.id ?? null);
    }
    // HELP is always answered, as carriers require, even after STOP.
    if (intent === 'help') return this.options.answer(from, this.help(language), language, entry?.id ?? null);
    // Otherwise whoever said STOP hears nothing more until START (a keyword joins nothing: no text could tell them).
    if (optOuts.has(from)) return;
    const keyword = intent === 'other' ? this.options.joinKeywords?.get(keywordOf(sms.text)) : undefined;
    if (keyword) return this.joinByText(from, keyword);
    if (!entry) return this.answerUnknown(from, language);
    const action = ACTIONS[intent];
    if (action) return this.act(from, entry, action, language);
    if (await this.options.limiter.allow(from, 'menu', this.options.now(), MENU_INTERVAL_MS)) {
      await this.options.answer(from, { kind: 'menu', ticket: entry.ticket!, called: entry.status === 'called' }, language, entry.id);
    }
  }

  private async optOut(from: string, language: string, entry: Entry | null): Promise<void> {
    const newly = await this.options.optOuts.optOut(from, this.options.now());
    await this.options.cancelPendingTo(from);
    this.options.log.info('Number opted out of texts', { from: maskPhone(from), newly });
    // One confirmation: a second STOP gets none, as nothing at all may be sent after the first.
    if (newly) await this.options.answer(from, { kind: 'opted-out' }, language, entry?.id ?? null);
  }

  private async act(from: string, entry: Entry, action: PersonAction, language: string): Promise<void> {
    let result: ActResult;
    try {
      result = await this.options.act(entry.id, action);
    } catch (error) {
      this.options.log.error('Reply action failed', { action, entryId: entry.id, error: (error as Error).message });
      result = { ok: false, message: 'please ask at the desk.' };
    }
    const ticket = entry.ticket!;
    const confirmation: Record<PersonAction, SmsMessage> = {
      'on-my-way': { kind: 'on-my-way', ticket },
      'more-time': { kind: 'more-time', ticket },
      leave: { kind: 'left', ticket },
      arrived: { kind: 'arrived', ticket },
    };
    await this.options.answer(from, result.ok ? confirmation[action] : { kind: 'refused', reason: result.message, ...(result.why && { why: result.why }) }, language, entry.id);
  }

  private async answerUnknown(from: string, language: string): Promise<void> {
    if (await this.options.limiter.allow(from, 'help', this.options.now(), UNKNOWN_NUMBER_HELP_INTERVAL_MS)) {
      await this.options.answer(from, this.help(language), language, null);
    }
  }

  private help(language: string): SmsMessage {
    const keywords = this.options.join && this.options.joinKeywords ? keywordsIn(this.options.joinKeywords, language, this.options.defaultLanguage) : [];
    return { kind: 'help', siteText: this.options.helpText(language), ...(keywords.length > 0 && { keywords }) };
  }

  /** One visit per number and service: a second keyword says where they are instead of joining again. */
  private async joinByText(from: string, { serviceId, language }: JoinKeyword): Promise<void> {
    const state = this.options.state();
    const already = activeEntryFor(state, from, serviceId);
    if (already) {
      return this.options.answer(from, { kind: 'already-in-line', ticket: already.ticket!, place: positionOf(state, already) }, already.language, already.id);
    }
    const joined = await this.options.join!(from, serviceId, language);
    this.options.log.info('Join by text', { from: maskPhone(from), serviceId, joined: joined.ok });
    if (joined.ok) {
      const serviceName = this.options.serviceName?.(serviceId, language) ?? null;
      const { ticket, place, estimate } = joined;
      return this.options.answer(from, { kind: 'joined', ticket, serviceName, place, estimate }, language, joined.entryId);
    }
    // A flood is told once in a while, not text for text.
    if (joined.limited && !(await this.options.limiter.allow(from, 'join-limited', this.options.now(), MENU_INTERVAL_MS))) return;
    await this.options.answer(from, { kind: 'refused', reason: joined.message, ...(joined.why && { why: joined.why }) }, language, null);
  }
}

/** The person's current place in line (in one service's line, when given): their waiting or called visit, the most recent first. */
export function activeEntryFor(state: QueueState, phone: string, serviceId?: string): Entry | null {
  let found: Entry | null = null;
  for (const entry of Object.values(state.entries)) {
    if (entry.phone !== phone || (entry.status !== 'waiting' && entry.status !== 'called') || !entry.ticket) continue;
    if (serviceId !== undefined && entry.serviceId !== serviceId) continue;
    if (!found || entry.enrolledAt > found.enrolledAt) found = entry;
  }
  return found;
}
