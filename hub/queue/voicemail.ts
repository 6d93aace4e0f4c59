/**
 * A voicemail is a promise to call back: it is due a while after it was left
 * (the site's policy), and open until someone reaches the caller.
 */
import type { Entry, QueueConfig } from './model.ts';

export const DEFAULT_VOICEMAIL_RETURN_MINUTES = 60;

export interface VoicemailDue {
  leftAt: number;
  returnBy: number;
}

/** When this entry's voicemail was left and is to be returned by; null when it did not come from a voicemail. */
export function voicemailDue(config: QueueConfig, entry: Entry): VoicemailDue | null {
  const leftAt = entry.voicemailLeftAt ?? null;
  if (leftAt === null) return null;
  return { leftAt, returnBy: leftAt + (config.voicemailReturnMinutes ?? DEFAULT_VOICEMAIL_RETURN_MINUTES) * 60_000 };
}

/** Not reached yet: still waiting, or called and not answered. */
export function isOpenVoicemail(entry: Entry): boolean {
  return entry.voicemailLeftAt != null && (entry.status === 'waiting' || entry.status === 'called');
}
