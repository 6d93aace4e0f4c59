/**
 * A refusal worded for an agent: the hubs' shared wording (web-lib/refusals),
 * but where that speaks of the desk, the console's own.
 */
import { describeRefusal, type ReceivedRefusal } from '../../../web-lib/refusals/index.ts';
import { consoleLanguage, messages } from './messages.ts';

export function consoleRefusal(error: ReceivedRefusal, options?: { withDetail?: boolean }): string {
  const params = error.params as { why?: unknown } | null | undefined;
  if (error.reason === 'session.ended' && params?.why === 'unknown') return messages.sessionUnknown;
  return describeRefusal(error, consoleLanguage, options);
}
