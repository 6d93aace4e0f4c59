import { because, type CommandPayload } from '../../contract/index.ts';
import { callbackPolicy } from '../callbacks.ts';
import type { QueueEventData } from '../model.ts';
import { accept, findEntry, labelOf, reject, requireStatus, type Decision, type DecideContext } from './common.ts';
import { requeue } from './requeue.ts';

/**
 * What came of a phone caller's callback, reported by the contact center or
 * timed out by the hub: the result and the step it leads to are one commit,
 * so the attempt count that decides between "back in line" and "no-show" is
 * the line's own. Reached → serving; completed → done (a reached call may
 * complete later); no-answer or timed-out → back into the line near the front
 * while attempts are left, else a no-show.
 */
export function callbackResult(ctx: DecideContext, command: CommandPayload<'callback-result'>): Decision {
  const found = findEntry(ctx, command.entryId);
  if (!found.ok) return found;
  const entry = found.value;
  const wrongStatus = requireStatus(ctx, entry, command.outcome === 'completed' ? ['called', 'serving'] : ['called'], 'callback-result');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const attempt = entry.callback?.attempts.at(-1);
  const completesReached = command.outcome === 'completed' && attempt?.outcome === 'reached';
  if (!attempt || (attempt.outcome !== null && !completesReached)) {
    return reject('invalid_state', `${entry.ticket ?? entry.id} is not waiting for a callback`, because('callback.not_open', { entry: labelOf(entry), attempt: null }));
  }
  if (command.attempt !== undefined && command.attempt !== attempt.attempt) {
    return reject(
      'invalid_state',
      `Callback attempt ${command.attempt} for ${entry.ticket ?? entry.id} is not the one under way (attempt ${attempt.attempt})`,
      because('callback.not_open', { entry: labelOf(entry), attempt: command.attempt }),
    );
  }
  const result: QueueEventData = { type: 'entry.callback-result', entryId: entry.id, attempt: attempt.attempt, outcome: command.outcome };
  const serving: QueueEventData[] = entry.status === 'called' ? [{ type: 'entry.serving', entryId: entry.id }] : [];
  switch (command.outcome) {
    case 'reached':
      return accept([result, ...serving], { entryId: entry.id });
    case 'completed':
      return accept([result, ...serving, { type: 'entry.completed', entryId: entry.id }], { entryId: entry.id });
    case 'no-answer':
    case 'timed-out': {
      const policy = callbackPolicy(ctx.config);
      if (policy.noAnswer === 'requeue' && attempt.attempt < policy.maxCallbackAttempts) {
        const back = requeue(ctx, { entryId: entry.id, toPosition: policy.requeuePosition });
        return back.ok ? accept([result, ...back.events], back.subject) : back;
      }
      return accept([result, { type: 'entry.no-show', entryId: entry.id }], { entryId: entry.id });
    }
  }
}
