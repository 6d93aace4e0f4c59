/** The keyboard shortcuts, in view so nobody has to remember them. */
import { messages } from '../messages.ts';

export function ShortcutList() {
  return (
    <section class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{messages.shortcutsTitle}</h2>
      <dl>
        {messages.shortcuts.list.map(([keys, what]) => (
          <div key={keys}>
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
