/** The one tap a browser needs before a page may make sound. Any tap or key press works; this says so. */
import { Say } from './InLanguages.tsx';

export function EnableSound({ languages, onEnable }: { languages: readonly string[]; onEnable: () => void }) {
  return (
    <button type="button" class="enable-sound" onClick={onEnable}>
      <Say languages={languages} message={(m) => m.enableSound} />
    </button>
  );
}
