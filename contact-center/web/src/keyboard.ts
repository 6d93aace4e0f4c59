/**
 * The console's keyboard shortcuts: digits for the screens, / for the
 * screen's field, arrows and single letters for the callbacks. They stay out
 * of the way while someone types in a field or a dialog is open, and never
 * take Ctrl, Alt or Meta combinations.
 */
import { usePageKeys } from '../../../web-lib/page-keys.ts';

export type ShortcutAction = 'screen-1' | 'screen-2' | 'screen-3' | 'screen-4' | 'find' | 'up' | 'down' | 'claim' | 'reached' | 'completed' | 'no-answer' | 'release';

const KEYS: Record<string, ShortcutAction> = {
  '1': 'screen-1',
  '2': 'screen-2',
  '3': 'screen-3',
  '4': 'screen-4',
  // Some layouts (Spanish among them) type / with Shift.
  '/': 'find',
  ArrowUp: 'up',
  ArrowDown: 'down',
  c: 'claim',
  r: 'reached',
  d: 'completed',
  n: 'no-answer',
  x: 'release',
};

export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.shiftKey && event.key !== '/') return null;
  return KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key] ?? null;
}

/** Runs the handler of a shortcut pressed anywhere on the page (outside fields and dialogs); keys without one pass through. */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  usePageKeys((event) => {
    if (event.repeat) return;
    const action = shortcutFor(event);
    const handler = action && handlers[action];
    if (!handler) return;
    event.preventDefault();
    handler();
  });
}
