/**
 * What a reply digit does in the line: the same person commands as the
 * status page, issued as the person, through the one command path.
 */
import { submitCommand } from '../engine/command-gateway.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { Refusal } from '../contract/index.ts';
import type { PersonAction, ReplyAction } from './replies.ts';

const COMMANDS: Record<PersonAction, (entryId: string) => { type: string; payload: unknown }> = {
  'on-my-way': (entryId) => ({ type: 'on-my-way', payload: { entryId } }),
  'more-time': (entryId) => ({ type: 'more-time', payload: { entryId } }),
  leave: (entryId) => ({ type: 'cancel', payload: { entryId, reason: 'left' } }),
  arrived: (entryId) => ({ type: 'arrived', payload: { entryId, via: 'text' } }),
};

export function queueActions(engine: QueueEngine): ReplyAction {
  return async (entryId, action) => {
    const { type, payload } = COMMANDS[action](entryId);
    const result = await submitCommand(engine, { kind: 'person', entryId, via: 'sms' }, type, payload);
    if (result.ok) return { ok: true };
    const { reason, params, message } = result.error;
    return { ok: false, message, ...(reason && { why: { reason, params } as Refusal }) };
  };
}
