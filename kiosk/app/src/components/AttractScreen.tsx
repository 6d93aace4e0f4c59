import type { Messages } from '../i18n/index.ts';

interface Props {
  t: Messages;
  onStart: () => void;
}

export function AttractScreen({ t, onStart }: Props) {
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
      </div>
    </>
  );
}
