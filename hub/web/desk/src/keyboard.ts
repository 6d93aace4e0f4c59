/**
 * The desk's keyboard shortcuts: single keys for the common actions, arrows
 * to move through the line. They stay out of the way while someone types in
 * a field or a dialog is open, and never take Ctrl or Meta combinations.
 */
import { usePageKeys } from '../../../../web-lib/page-keys.ts';

export type ShortcutAction =
  | 'call-next'
  | 'recall'
  | 'start'
  | 'done'
  | 'no-show'
  | 'requeue'
  | 'select-up'
  | 'select-down'
  | 'call-selected'
  | 'move-up'
  | 'move-down'
  | 'move-top'
  | 'transfer'
  | 'here'
  | 'undo'
  | 'clear'
  | 'find';

/** The action for a key press, or null when it is not a shortcut. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey) {
    if (event.key === 'ArrowUp') return event.shiftKey ? 'move-top' : 'move-up';
    if (event.key === 'ArrowDown') return event.shiftKey ? null : 'move-down';
    return null;
  }
  switch (event.key) {
    case 'ArrowUp':
      return 'select-up';
    case 'ArrowDown':
      return 'select-down';
    case 'Escape':
      return 'clear';
    // Some layouts (Spanish among them) type / with Shift.
    case '/':
      return 'find';
  }
  if (event.shiftKey) return null;
  const letters: Record<string, ShortcutAction> = {
    n: 'call-next',
    r: 'recall',
    s: 'start',
    d: 'done',
    x: 'no-show',
    q: 'requeue',
    c: 'call-selected',
    t: 'transfer',
    h: 'here',
    u: 'undo',
  };
  return letters[event.key.toLowerCase()] ?? null;
}

/** Calls `onAction` for shortcuts pressed anywhere on the page (outside fields and dialogs). */
export function useShortcuts(onAction: (action: ShortcutAction) => void, enabled: boolean): void {
  usePageKeys((event) => {
    const action = shortcutFor(event);
    if (!action) return;
    event.preventDefault();
    // A held key scrolls through the line, but never repeats an action.
    if (event.repeat && action !== 'select-up' && action !== 'select-down') return;
    onAction(action);
  }, enabled);
}
