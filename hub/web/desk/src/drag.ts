/**
 * Reordering a line by dragging a row's handle, with a mouse, a pen or a
 * finger alike (pointer events; the handle has touch-action: none so a drag
 * is not taken for a scroll). While dragging, the row follows the pointer and
 * the rows it passes make room; on release the move is sent to the hub.
 */
import { useRef, useState } from 'preact/hooks';

export interface Drag {
  entryId: string;
  from: number;
  over: number;
  /** How far the pointer has moved, in px. */
  dy: number;
  rowHeight: number;
}

interface Tracking {
  pointerId: number;
  startY: number;
  /** Vertical middle of every row when the drag began. */
  middles: number[];
}

export function useDragReorder(onDrop: (entryId: string, toIndex: number) => void) {
  const [drag, setDrag] = useState<Drag | null>(null);
  const tracking = useRef<Tracking | null>(null);

  const handleProps = (entryId: string, index: number) => ({
    onPointerDown(event: PointerEvent) {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      const handle = event.currentTarget as HTMLElement;
      const list = handle.closest('ol');
      if (!list) return;
      event.preventDefault();
      const rows = [...list.children] as HTMLElement[];
      tracking.current = {
        pointerId: event.pointerId,
        startY: event.clientY,
        middles: rows.map((row) => {
          const box = row.getBoundingClientRect();
          return box.top + box.height / 2;
        }),
      };
      handle.setPointerCapture(event.pointerId);
      setDrag({ entryId, from: index, over: index, dy: 0, rowHeight: rows[index]?.getBoundingClientRect().height ?? 0 });
    },
    onPointerMove(event: PointerEvent) {
      const t = tracking.current;
      if (!t || t.pointerId !== event.pointerId) return;
      setDrag((d) => d && { ...d, dy: event.clientY - t.startY, over: targetIndex(t.middles, d.from, event.clientY) });
    },
    onPointerUp(event: PointerEvent) {
      const t = tracking.current;
      if (!t || t.pointerId !== event.pointerId) return;
      tracking.current = null;
      const over = targetIndex(t.middles, index, event.clientY);
      setDrag(null);
      if (over !== index) onDrop(entryId, over);
    },
    onPointerCancel() {
      tracking.current = null;
      setDrag(null);
    },
  });

  /** The offset of a row while another is dragged past it. */
  const shiftOf = (index: number): number => {
    if (!drag) return 0;
    if (index === drag.from) return drag.dy;
    if (drag.from < index && index <= drag.over) return -drag.rowHeight;
    if (drag.over <= index && index < drag.from) return drag.rowHeight;
    return 0;
  };

  return { drag, handleProps, shiftOf };
}

/** Where a row dragged from `from` lands with the pointer at `y`: past every middle it has crossed. */
function targetIndex(middles: readonly number[], from: number, y: number): number {
  let target = from;
  middles.forEach((middle, i) => {
    if (i < from && y < middle) target = Math.min(target, i);
    if (i > from && y > middle) target = Math.max(target, i);
  });
  return target;
}
