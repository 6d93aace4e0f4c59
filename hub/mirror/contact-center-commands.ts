/**
 * Requests from the contact center: enrol a phone caller or a voicemail, cancel, report the
 * outcome of a callback, look a caller up by phone number, move an entry to
 * the phone. Each is idempotent by its requestId: a repeated request gets the
 * first answer again and changes nothing.
 */
import { systemClock } from '../context.ts';
import {
  lobbylineError,
  requestIdOf,
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
import { localDay } from '../queue/tickets.ts';
import { visitsOf } from '../queue/visits.ts';
import type { MirrorStore } from './mirror-store.ts';

export class ContactCenterCommands {
  constructor(
    private readonly engine: QueueEngine,
    private readonly store: MirrorStore,
    /** A visit's status link on the site's public address (hub/wait), for a caller who goes on waiting remotely. */
    private readonly statusUrl: (entryId: string) => Promise<string>,
    private readonly clock: () => number = systemClock,
  ) {}

  async handle(type: string, payload: unknown, caller: Caller): Promise<UpstreamReply> {
    const requestId = requestIdOf(payload);
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
    const request = parsed.data as Record<string, unknown> & { requestId: string };
    const earlier = await this.store.reply(request.requestId);
    if (earlier) return earlier as UpstreamReply;
    const reply = await this.run(type as UpstreamCommandType, request, caller);
    // A hub that could not store the change may succeed on a retry, so that answer is not kept.
    const keep = type !== 'lookup' && !(reply.ok === false && reply.error.code === 'unavailable');
    if (keep) await this.store.saveReply(request.requestId, reply, this.clock());
    return reply;
  }

  private async run(type: UpstreamCommandType, request: Record<string, unknown>, caller: Caller): Promise<UpstreamReply> {
    const requestId = request.requestId as string;
    const answer = (result: CommandResult): UpstreamReply =>
      result.ok ? { requestId, ok: true, result: this.callerEntry((result.result as EntryView).entryId) } : { requestId, ok: false, error: result.error };
    // The agent who acted, when the contact center names one, is recorded with the events (hub/access actorOf).
    const acting: Caller = caller.kind === 'integration' && typeof request.agent === 'string' ? { ...caller, agent: request.agent } : caller;
    const submit = (commandType: string, fields: Record<string, unknown>) => submitCommand(this.engine, acting, commandType, fields);
    switch (type) {
      case 'enroll':
      case 'voicemail': {
        const { requestId: _id, agent: _agent, ...fields } = request;
        // Prefixed so the contact center's ids never collide with a kiosk's.
        const joined = { ...fields, channel: 'phone', requestId: `cc:${requestId}`, ...(type === 'voicemail' && { via: 'voicemail' }) };
        return answer(await submit('enroll', joined));
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
        return { requestId, ok: true, result: this.visitsOfNumber(request.phone as string).map((e) => this.callerEntry(e.id)) };
      case 'callback-outcome':
        // The line records the outcome and its next step (hub/queue/commands/callback-result.ts).
        return answer(await submit('callback-result', { entryId: request.entryId, outcome: request.outcome }));
    }
  }

  /** Today's visits of a number, still going first (queue/visits.ts). */
  private visitsOfNumber(phone: string) {
    return visitsOf(this.engine.state, localDay(this.clock(), this.engine.config.timezone), (e) => e.phone === phone);
  }

  private callerEntry(entryId: string): CallerEntry {
    const entry = this.engine.state.entries[entryId]!;
    return { ...entryView(this.engine.state, this.engine.config, entry), ...visitContext(entry), callbackNumber: entry.phone };
  }
}
