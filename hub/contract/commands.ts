/**
 * Commands that change a line, with their payload schemas. The same schemas
 * validate MQTT requests and REST bodies: unknown fields, wrong types and
 * out-of-range values are refused before anything reaches the queue.
 */
import * as z from 'zod';
import { idField, languageField, phoneField } from './fields.ts';

export const CHANNELS = ['kiosk', 'remote', 'phone', 'desk'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ENTRY_STATUSES = ['booked', 'waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const COUNTER_STATUSES = ['open', 'paused', 'closed'] as const;
export type CounterStatus = (typeof COUNTER_STATUSES)[number];

/** The largest MQTT payload or REST body the hub reads; anything larger is refused unread. */
export const MAX_COMMAND_BYTES = 8 * 1024;

/** Where someone can say "I'm here" (contract/events.ts ArrivedVia). */
export const ARRIVED_VIA = ['status-page', 'kiosk-scan', 'text', 'desk'] as const;

const id = idField;
const language = languageField;
const phone = phoneField;
const priority = z.int().min(0).max(9);
const isoTime = z.iso.datetime({ offset: true });

export const MAX_REASON_LENGTH = 200;
export const MAX_NOTE_LENGTH = 500;
/** Free text a person or an agent typed: trimmed, not empty, bounded, no control characters. */
const shortText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const commandSchemas = {
  enroll: z.strictObject({
    serviceId: id,
    channel: z.enum(CHANNELS),
    priority: priority.optional(),
    language: language.optional(),
    phone: phone.optional(),
    /** Chosen by the client so that a retried or double-tapped request enrols once. */
    requestId: id.optional(),
    /** Another system's id for this visit (e.g. the contact center's call id). */
    reference: id.optional(),
    /** Why they came ("lab results", "renew permit"): staff and agents see it, nobody else. */
    reason: shortText(MAX_REASON_LENGTH).optional(),
    /** A first note from whoever enrols them (an agent's "prefers Spanish, hard of hearing"). */
    note: shortText(MAX_NOTE_LENGTH).optional(),
    /** How they joined beyond the channel (set by the hub's own joining paths and the contact center). */
    via: z.enum(['voicemail', 'text', 'phone-menu']).optional(),
    /** When the voicemail was left (with via 'voicemail'): they wait from then. */
    leftAt: isoTime.optional(),
    /** A phone caller's choice: called back not before / not after these times (omit for "as soon as my turn comes"). */
    callback: z
      .strictObject({ notBefore: isoTime.optional(), notAfter: isoTime.optional() })
      .refine((w) => !w.notBefore || !w.notAfter || Date.parse(w.notBefore) < Date.parse(w.notAfter), {
        message: 'notAfter must be after notBefore',
        path: ['notAfter'],
      })
      .optional(),
  }),
  'call-next': z.strictObject({ counterId: id }),
  'call-entry': z.strictObject({ counterId: id, entryId: id }),
  recall: z.strictObject({ entryId: id }),
  'start-serving': z.strictObject({ entryId: id }),
  complete: z.strictObject({ entryId: id }),
  'no-show': z.strictObject({ entryId: id }),
  cancel: z.strictObject({ entryId: id, reason: z.enum(['staff', 'left']).optional() }),
  move: z.strictObject({ entryId: id, toPosition: z.int().min(1) }),
  /** A remote waiter says they are coming; staff see it. */
  'on-my-way': z.strictObject({ entryId: id }),
  /** A remote waiter asks to be moved back a few places (the site decides how many, and how often). */
  'more-time': z.strictObject({ entryId: id }),
  /** A remote waiter or caller is in the building ("I'm here"): where they said it; staff at the desk by default. */
  arrived: z.strictObject({ entryId: id, via: z.enum(ARRIVED_VIA).default('desk') }),
  transfer: z.strictObject({ entryId: id, toServiceId: id, keepPlace: z.boolean() }),
  'set-counter-status': z.strictObject({ counterId: id, status: z.enum(COUNTER_STATUSES) }),
  book: z
    .strictObject({
      serviceId: id,
      reference: id,
      windowStart: isoTime,
      windowEnd: isoTime,
      priority: priority.optional(),
      language: language.optional(),
      phone: phone.optional(),
    })
    .refine((b) => Date.parse(b.windowStart) < Date.parse(b.windowEnd), {
      message: 'windowEnd must be after windowStart',
      path: ['windowEnd'],
    }),
  'check-in': z.strictObject({ reference: id, channel: z.enum(CHANNELS) }),
  /** Someone called who did not come (or answer): back into the line, a few places from the front. */
  requeue: z.strictObject({ entryId: id, toPosition: z.int().min(1).optional() }),
  /** The same person now waits another way (a remote waiter phones in, a caller walks in): same place. */
  'change-channel': z.strictObject({ entryId: id, channel: z.enum(CHANNELS), phone: phone.optional() }),
  /**
   * Takes back a no-show, done or cancel made by mistake, within the site's undo window
   * (hub/queue/commands/undo.ts says where the person goes back to).
   */
  undo: z.strictObject({ entryId: id }),
  /** A short note from staff or an agent ("hard of hearing", "brings the form tomorrow"): staff and agents see it, nobody else. */
  'add-note': z.strictObject({ entryId: id, text: shortText(MAX_NOTE_LENGTH) }),
  /**
   * Someone already in line by this number goes on in another channel (a caller walks in to the kiosk, or
   * joins the wait page): the same visit, place, language and history. Says nothing of a number not in line.
   */
  'continue-visit': z.strictObject({ phone, channel: z.enum(CHANNELS) }),
  /**
   * Prints a waiting or called person's ticket again, at a kiosk: changes nothing in the line.
   * The entry is named by its id, or by its ticket number (a kiosk that read the ticket's QR code knows only that).
   */
  reprint: z
    .strictObject({ entryId: id.optional(), ticket: id.optional(), kioskId: id.optional() })
    .refine((r) => (r.entryId === undefined) !== (r.ticket === undefined), { message: 'give either entryId or ticket', path: ['entryId'] }),
  /**
   * What came of a phone caller's callback attempt (the open one, or `attempt` when given): reached → serving,
   * completed → done, no-answer or timed-out → the site's no-answer policy. The result and that step are one commit.
   */
  'callback-result': z.strictObject({
    entryId: id,
    outcome: z.enum(['reached', 'completed', 'no-answer', 'timed-out']),
    attempt: z.int().min(1).optional(),
  }),
  /** Deletes the phone numbers of visits that ended longer ago than the site keeps them; run by the hub on a timer. */
  'purge-contacts': z.strictObject({}),
} as const;

export type CommandType = keyof typeof commandSchemas;
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

/** Commands addressed to one entry: POST /entries/{id}/{action}. */
export const ENTRY_ACTIONS = ['recall', 'start-serving', 'complete', 'no-show', 'cancel', 'move', 'transfer', 'requeue', 'change-channel', 'undo', 'arrived', 'add-note'] as const;

export type CommandPayload<T extends CommandType> = z.infer<(typeof commandSchemas)[T]>;
export type Command = { [T in CommandType]: { type: T } & CommandPayload<T> }[CommandType];

export function isCommandType(value: string): value is CommandType {
  return Object.hasOwn(commandSchemas, value);
}

export type ParseResult = { ok: true; command: Command } | { ok: false; message: string };

/** Validates an untrusted payload for a command type; the message names every bad field. */
export function parseCommand(type: string, payload: unknown): ParseResult {
  if (!isCommandType(type)) {
    return { ok: false, message: `Unknown command '${type}'. Known commands: ${COMMAND_TYPES.join(', ')}` };
  }
  const parsed = commandSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
      .join('; ');
    return { ok: false, message: `Invalid ${type} command: ${details}` };
  }
  return { ok: true, command: { type, ...parsed.data } as Command };
}

/** MQTT request envelope: the command's fields plus a correlation id echoed in the reply. */
export const correlationId = z.string().min(1).max(64);
