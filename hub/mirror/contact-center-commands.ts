/**
 * Requests from the contact center: enrol a phone caller, cancel, report the
 * outcome of a callback, look a caller up by phone number, move an entry to
 * the phone. Each is idempotent by its requestId: a repeated request gets the
 * first answer again and changes nothing.
 */
import { systemClock } from '../context.ts';
import {
  lobbylineError,
  upstreamCommandSchemas,
  type CallerEntry,
  type EntryView,
  type UpstreamCommandType,
  type UpstreamReply,
} from '../contract/index.ts';
import type { Caller } from '../access/index.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { CommandResult, QueueEngine } from '../engine/engine.ts';
import { entryView } from '../queue/index.ts';
import { visitContext } from '../queue/views.ts';
import type { Entry } from '../queue/model.ts';
import { localDay } from '../queue/tickets.ts';
import type { MirrorStore } from './mirror-store.ts';

export interface CallbackPolicy {
  noAnswer: 'requeue' | 'no-show';
  requeuePosition: number;
  maxCallbackAttempts: number;
}

const ACTIVE = new Set(['booked', 'waiting', 'called', 'serving']);

export class ContactCenterCommands {
  constructor(
    private readonly engine: QueueEngine,
    private readonly store: MirrorStore,
    private readonly policy: CallbackPolicy,
    /** A visit's status link on the site's public address (hub/wait), for a caller who goes on waiting remotely. */
    private readonly statusUrl: (entryId: string) => Promise<string>,
    private readonly clock: () => number = systemClock,
  ) {}

  async handle(type: string, payload: unknown, caller: Caller): Promise<UpstreamReply> {
    const requestId = typeof (payload as { requestId?: unknown })?.requestId === 'string' ? (payload as { requestId: string }).requestId : '';
    const fail = (code: Parameters<typeof lobbylineError>[0], message: string): UpstreamReply => ({
      requestId,
      ok: false,
      error: lobbylineError(code, message),
    });
    if (!Object.hasOwn(upstreamCommandSchemas, type)) {
      return fail('invalid_request', `Unknown contact-center command '${type}'. Known: ${Object.keys(upstreamCommandSchemas).join(', ')}`);
    }
    const parsed = upstreamCommandSchemas[type as UpstreamCommandType].safeParse(payload);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
      return fail('invalid_request', `Invalid ${type} request: ${details}`);
    }
    const earlier = await this.store.reply(requestId);
    if (earlier) return earlier as UpstreamReply;
    const reply = await this.run(type as UpstreamCommandType, parsed.data as Record<string, unknown>, caller);
    // A hub that could not store the change may succeed on a retry, so that answer is not kept.
    const keep = type !== 'lookup' && !(reply.ok === false && reply.error.code === 'unavailable');
    if (keep) await this.store.saveReply(requestId, reply, this.clock());
    return reply;
  }

  private async run(type: UpstreamCommandType, request: Record<string, unknown>, caller: Caller): Promise<UpstreamReply> {
    const requestId = request.requestId as string;
    const answer = (result: CommandResult): UpstreamReply =>
      result.ok ? { requestId, ok: true, result: this.callerEntry((result.result as EntryView).entryId) } : { requestId, ok: false, error: result.error };
    const submit = (commandType: string, fields: Record<string, unknown>) => submitCommand(this.engine, caller, commandType, fields);
    switch (type) {
      case 'enroll': {
        const { requestId: _id, ...fields } = request;
        // Prefixed so the contact center's ids never collide with a kiosk's.
        return answer(await submit('enroll', { ...fields, channel: 'phone', requestId: `cc:${requestId}` }));
      }
      case 'cancel':
        return answer(await submit('cancel', { entryId: request.entryId, reason: 'left' }));
      case 'change-channel': {
        const channel = (request.channel as 'phone' | 'remote' | undefined) ?? 'phone';
        const reply = answer(await submit('change-channel', { entryId: request.entryId, channel, phone: request.phone }));
        // The same link the texts carry (hub/sms sends it too), so the agent can read it out.
        if (reply.ok && channel === 'remote') return { ...reply, result: { ...(reply.result as CallerEntry), statusUrl: await this.statusUrl(request.entryId as string) } };
        return reply;
      }
      case 'lookup':
        return { requestId, ok: true, result: this.visitsOf(request.phone as string).map((e) => this.callerEntry(e.id)) };
      case 'callback-outcome':
        return answer(await this.callbackOutcome(request.entryId as string, request.outcome as 'reached' | 'completed' | 'no-answer', submit));
    }
  }

  /** reached → serving; completed → done; no-answer → back into the line or no-show, as the site decides. */
  private async callbackOutcome(
    entryId: string,
    outcome: 'reached' | 'completed' | 'no-answer',
    submit: (commandType: string, fields: Record<string, unknown>) => Promise<CommandResult>,
  ): Promise<CommandResult> {
    const status = this.engine.state.entries[entryId]?.status;
    if (outcome === 'reached') return submit('start-serving', { entryId });
    if (outcome === 'completed') {
      if (status === 'called') {
        const started = await submit('start-serving', { entryId });
        if (!started.ok) return started;
      }
      return submit('complete', { entryId });
    }
    if (status !== 'called') return submit('no-show', { entryId }); // refused with the entry's real status
    const attempts = await this.store.addCallbackAttempt(entryId);
    if (this.policy.noAnswer === 'requeue' && attempts < this.policy.maxCallbackAttempts) {
      return submit('requeue', { entryId, toPosition: this.policy.requeuePosition });
    }
    return submit('no-show', { entryId });
  }

  /**
   * Today's visits of a number: the ones still going first (oldest first), then
   * the finished, no-show and cancelled ones (latest first), so an agent sees
   * what already happened and never asks twice.
   */
  private visitsOf(phone: string): Entry[] {
    const today = localDay(this.clock(), this.engine.config.timezone);
    const mine = Object.values(this.engine.state.entries).filter((e) => e.phone === phone);
    const active = mine.filter((e) => ACTIVE.has(e.status)).sort((a, b) => a.enrolledAt - b.enrolledAt);
    const ended = mine
      .filter((e) => !ACTIVE.has(e.status) && e.day === today)
      .sort((a, b) => (b.finishedAt ?? b.enrolledAt) - (a.finishedAt ?? a.enrolledAt));
    return [...active, ...ended];
  }

  private callerEntry(entryId: string): CallerEntry {
    const entry = this.engine.state.entries[entryId]!;
    return { ...entryView(this.engine.state, this.engine.config, entry), ...visitContext(entry), callbackNumber: entry.phone };
  }
}
