/**
 * Keys pressed anywhere on a staff screen, for its shortcuts. They stay out of
 * the way while someone types in a field or a dialog is open.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

function typingOrInDialog(target: EventTarget | null): boolean {
  const element = target instanceof Element ? target : null;
  if (!element) return false;
  if (element.closest('dialog[open]')) return true;
  return element.matches('input, select, textarea, [contenteditable="true"]');
}

/**
 * Hands `onKey` every key pressed outside fields and open dialogs while
 * `enabled`. The listener goes on as the screen is drawn (a layout effect, not
 * an effect that waits for the next frame), so a key pressed the moment the
 * screen appears is not lost.
 */
export function usePageKeys(onKey: (event: KeyboardEvent) => void, enabled = true): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  useLayoutEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typingOrInDialog(event.target)) return;
      latest.current(event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled]);
}
