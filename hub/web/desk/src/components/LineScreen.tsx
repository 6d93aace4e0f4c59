/**
 * The desk's main screen for one counter: who is at the counter, the lines it
 * serves (live), the selected person's actions, the look-up, a walk-in form
 * and the keyboard shortcuts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeskBoard, DeskEntry, DeskSite } from '../../../../contract/desk.ts';
import type { DeskActions, Notify } from '../actions.ts';
import type { DeskApi } from '../api.ts';
import { useShortcuts, type ShortcutAction } from '../keyboard.ts';
import { messages } from '../messages.ts';
import { counterName, serviceName } from '../names.ts';
import { AtCounter } from './AtCounter.tsx';
import { CancelDialog } from './CancelDialog.tsx';
import { ChannelDialog } from './ChannelDialog.tsx';
import { LookupPanel, LOOKUP_INPUT_ID } from './LookupPanel.tsx';
import { NoteDialog } from './NoteDialog.tsx';
import { ReprintDialog } from './ReprintDialog.tsx';
import { SelectedBar } from './SelectedBar.tsx';
import { ServiceLine } from './ServiceLine.tsx';
import { ShortcutList } from './ShortcutList.tsx';
import { TransferDialog } from './TransferDialog.tsx';
import { WalkInForm } from './WalkInForm.tsx';

interface Props {
  api: DeskApi;
  site: DeskSite;
  board: DeskBoard;
  counterId: string;
  now: number;
  actions: DeskActions;
  notify: Notify;
  /** Takes back the no-show, done or cancel the notice offers to undo (U). */
  onUndo: () => void;
}

type Open = { dialog: 'transfer' | 'cancel' | 'reprint' | 'channel' | 'note'; entry: DeskEntry } | null;

export function LineScreen({ api, site, board, counterId, now, actions, notify, onUndo }: Props) {
  const counter = board.counters.find((c) => c.counterId === counterId)!;
  const lines = board.services.filter((line) => counter.serviceIds.includes(line.serviceId));
  const visible = lines.flatMap((line) => line.waiting);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  /** The row to focus once it is on screen (after keyboard selection or a keyboard move). */
  const focusNext = useRef<string | null>(null);

  const selected = visible.find((e) => e.entryId === selectedId) ?? null;
  const selectedLine = selected ? lines.find((line) => line.serviceId === selected.serviceId)! : null;
  const place = selected && selectedLine ? selectedLine.waiting.indexOf(selected) + 1 : null;

  // Keyboard selection keeps the selected row in view and focused, so the focus ring shows where you are.
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const row = document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id)}"] .entry`);
    if (!row) return;
    focusNext.current = null;
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
  });

  const selectBy = (step: number) => {
    if (visible.length === 0) return;
    const index = selected ? visible.indexOf(selected) : step > 0 ? -1 : visible.length;
    const next = visible[Math.min(visible.length - 1, Math.max(0, index + step))]!;
    setSelectedId(next.entryId);
    focusNext.current = next.entryId;
  };

  const moveSelected = (toPosition: number) => {
    if (!selected || !selectedLine || !place) return notify('error', messages.results.selectFirst);
    const target = Math.min(selectedLine.waiting.length, Math.max(1, toPosition));
    if (target !== place) actions.move(selected, target);
    focusNext.current = selected.entryId;
  };

  const current = counter.current;
  const onCurrent = (act: (entry: DeskEntry) => void) => () =>
    current ? act(current) : notify('error', messages.results.nobodyAtCounter(counterName(site, counter.counterId)));

  const handlers: Record<ShortcutAction, () => void> = {
    'call-next': () =>
      counter.status === 'open' ? actions.callNext(counter) : notify('error', messages.atCounter.openToCall(counterName(site, counter.counterId))),
    recall: onCurrent(actions.recall),
    start: onCurrent(actions.start),
    done: onCurrent(actions.complete),
    'no-show': onCurrent(actions.noShow),
    requeue: onCurrent(actions.requeue),
    'select-up': () => selectBy(-1),
    'select-down': () => selectBy(1),
    'call-selected': () => (selected ? actions.callEntry(counter, selected) : notify('error', messages.results.selectFirst)),
    'move-up': () => moveSelected((place ?? 0) - 1),
    'move-down': () => moveSelected((place ?? 0) + 1),
    'move-top': () => moveSelected(1),
    transfer: () => {
      const entry = selected ?? current;
      if (entry) setOpen({ dialog: 'transfer', entry });
      else notify('error', messages.results.selectFirst);
    },
    here: () => (selected ? actions.here(selected) : notify('error', messages.results.selectFirst)),
    undo: onUndo,
    clear: () => setSelectedId(null),
    find: () => document.getElementById(LOOKUP_INPUT_ID)?.focus(),
  };
  useShortcuts((action) => handlers[action](), open === null);

  return (
    <div class="line-screen">
      <div class="work">
        <AtCounter counter={counter} name={counterName(site, counter.counterId)} now={now} actions={actions} onTransfer={() => current && setOpen({ dialog: 'transfer', entry: current })} />
        <SelectedBar
          entry={selected}
          place={place}
          lineLength={selectedLine?.waiting.length ?? 0}
          onCall={handlers['call-selected']}
          onMove={moveSelected}
          onTransfer={handlers.transfer}
          onReprint={() => selected && setOpen({ dialog: 'reprint', entry: selected })}
          onHere={handlers.here}
          onCancel={() => selected && setOpen({ dialog: 'cancel', entry: selected })}
          onChangeChannel={() => selected && setOpen({ dialog: 'channel', entry: selected })}
          onAddNote={() => selected && setOpen({ dialog: 'note', entry: selected })}
        />
        <div class="lines">
          {lines.map((line) => (
            <ServiceLine
              key={line.serviceId}
              name={serviceName(site, line.serviceId)}
              line={line}
              selectedId={selectedId}
              now={now}
              onSelect={(entryId) => setSelectedId(entryId === selectedId ? null : entryId)}
              onMove={(entryId, toPosition) => {
                const entry = line.waiting.find((e) => e.entryId === entryId);
                if (entry) actions.move(entry, toPosition);
              }}
            />
          ))}
        </div>
      </div>
      <aside class="side">
        <LookupPanel
          api={api}
          site={site}
          seq={board.seq}
          now={now}
          onChangeChannel={(entry) => setOpen({ dialog: 'channel', entry })}
          onAddNote={(entry) => setOpen({ dialog: 'note', entry })}
        />
        <WalkInForm site={site} preferred={counter.serviceIds} busy={actions.busy('walk-in')} onAdd={actions.addWalkIn} />
        <ShortcutList />
      </aside>
      {open?.dialog === 'transfer' && (
        <TransferDialog
          entry={open.entry}
          site={site}
          onClose={() => setOpen(null)}
          onTransfer={(toServiceId, keepPlace) => {
            actions.transfer(open.entry, toServiceId, keepPlace);
            setOpen(null);
          }}
        />
      )}
      {open?.dialog === 'reprint' && (
        <ReprintDialog
          entry={open.entry}
          site={site}
          onClose={() => setOpen(null)}
          onReprint={(kiosk) => {
            actions.reprint(open.entry, kiosk);
            setOpen(null);
          }}
        />
      )}
      {open?.dialog === 'channel' && (
        <ChannelDialog
          entry={open.entry}
          onClose={() => setOpen(null)}
          onChange={async (channel, phone) => {
            const refusal = await actions.changeChannel(open.entry, channel, phone);
            if (refusal === null) setOpen(null);
            return refusal;
          }}
        />
      )}
      {open?.dialog === 'note' && (
        <NoteDialog
          entry={open.entry}
          onClose={() => setOpen(null)}
          onAdd={async (text) => {
            const refusal = await actions.addNote(open.entry, text);
            if (refusal === null) setOpen(null);
            return refusal;
          }}
        />
      )}
      {open?.dialog === 'cancel' && (
        <CancelDialog
          entry={open.entry}
          onClose={() => setOpen(null)}
          onConfirm={() => {
            actions.cancel(open.entry);
            setOpen(null);
          }}
        />
      )}
    </div>
  );
}
