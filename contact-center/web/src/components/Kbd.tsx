/** A shortcut key shown on a button; hidden from screen readers, which get aria-keyshortcuts instead. */
export function Kbd({ keys }: { keys: string }) {
  return (
    <kbd class="key" aria-hidden="true">
      {keys}
    </kbd>
  );
}
