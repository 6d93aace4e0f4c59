/**
 * Small marks in a corner: reconnecting, sound off, access problems. Kept
 * unobtrusive; the calls stay on screen (the last truth known) underneath.
 */
import type { SoundState } from '../announcer.ts';
import type { AccessProblem, ConnectionState } from '../hub-connection.ts';
import { Say } from './InLanguages.tsx';

export interface StatusMarksProps {
  languages: readonly string[];
  connection: ConnectionState;
  access: AccessProblem;
  sound: SoundState | null;
}

export function StatusMarks({ languages, connection, access, sound }: StatusMarksProps) {
  const primary = languages.slice(0, 1);
  return (
    <div class="status-marks" role="status">
      {connection === 'reconnecting' && (
        <span class="mark mark-reconnecting" data-mark="reconnecting">
          <Say languages={primary} message={(m) => m.reconnecting} />
        </span>
      )}
      {sound === 'blocked' && (
        <span class="mark" data-mark="sound-blocked">
          <Say languages={primary} message={(m) => m.soundBlocked} />
        </span>
      )}
      {access && (
        <span class="mark" data-mark={access}>
          <Say languages={primary} message={(m) => (access === 'device-refused' ? m.deviceRefused : m.anonymousRefused)} />
        </span>
      )}
    </div>
  );
}
