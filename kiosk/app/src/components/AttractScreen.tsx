import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  onStart: () => void;
  onAlreadyInLine: () => void;
}

export function AttractScreen({ t, onStart, onAlreadyInLine }: Props) {
  return (
    <>
      <div class="info">
        <h1 class="welcome">{t.welcome}</h1>
        <p class="lead">{t.touchToStart}</p>
      </div>
      <div class="controls">
        <button type="button" class="primary huge" onClick={onStart}>
          {t.start}
        </button>
        <button type="button" class="secondary" onClick={onAlreadyInLine}>
          {t.alreadyInLine}
        </button>
      </div>
    </>
  );
}
