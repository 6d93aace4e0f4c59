/**
 * A voicemail is a promise to call back: it is due a while after it was left
 * (the site's policy), and open until someone reaches the caller.
 */
import { callbackPolicy } from './callbacks.ts';
import { DEFAULT_CALLBACK_POLICY, type Entry, type QueueConfig } from './model.ts';

export const DEFAULT_VOICEMAIL_RETURN_MINUTES = DEFAULT_CALLBACK_POLICY.voicemailReturnMinutes;

export interface VoicemailDue {
  leftAt: number;
  returnBy: number;
}

/** When this entry's voicemail was left and is to be returned by; null when it did not come from a voicemail. */
export function voicemailDue(config: QueueConfig, entry: Entry): VoicemailDue | null {
  const leftAt = entry.voicemailLeftAt ?? null;
  if (leftAt === null) return null;
  return { leftAt, returnBy: leftAt + callbackPolicy(config).voicemailReturnMinutes * 60_000 };
}

/** Not reached yet: still waiting, or called and not answered. */
export function isOpenVoicemail(entry: Entry): boolean {
  return entry.voicemailLeftAt != null && (entry.status === 'waiting' || entry.status === 'called');
}
