/** The keyboard shortcuts, always in view so nobody has to remember them. */
import { messages } from '../messages.ts';

export function ShortcutList() {
  const m = messages.shortcuts;
  return (
    <section class="panel shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{m.title}</h2>
      <dl>
        {m.list.map(([keys, what]) => (
          <div key={keys} class="shortcut">
            <dt>
              <kbd class="key">{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
