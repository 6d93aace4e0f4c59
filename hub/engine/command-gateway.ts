/**
 * Where untrusted requests (MQTT payloads, REST bodies, the wait page, text
 * replies) become commands: the payload is validated, hub/access is asked
 * whether the caller may issue it, and only then does the engine see it.
 * Every way in shares this one path.
 */
import { lobbylineError, parseCommand, type LobbylineError } from '../contract/index.ts';
import { actorOf, commandRefusal, type Caller } from '../access/index.ts';
import type { CommandResult, QueueEngine } from './engine.ts';

export async function submitCommand(engine: QueueEngine, caller: Caller, type: string, payload: unknown): Promise<CommandResult> {
  const parsed = parseCommand(type, payload);
  if (!parsed.ok) return { ok: false, error: lobbylineError('invalid_request', parsed.message) };
  const refusal = commandRefusal(caller, parsed.command, engine);
  if (refusal) return { ok: false, error: lobbylineError('forbidden', refusal) };
  const result = await engine.execute(parsed.command, actorOf(caller));
  // Which staff member called someone is for staff, not for the person waiting.
  if (!result.ok && caller.kind === 'person' && result.error.params && 'by' in result.error.params) {
    const { by: _staff, ...params } = result.error.params;
    return { ok: false, error: { ...result.error, params } as LobbylineError };
  }
  return result;
}
