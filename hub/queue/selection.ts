/**
 * Who a counter calls next. The rules, in order:
 * 1. Anyone passed over as often (or as long) as the policy allows goes first.
 * 2. Otherwise the priority policy picks a class: strict (highest class first)
 *    or weighted turns between classes (smooth weighted round-robin).
 * 3. Within a class, the line order: arrival, as changed by staff moves.
 * Everyone ahead of the chosen entry in line order counts as passed over once.
 *
 * Phone callers who may not be called yet (they asked for "after 14:30", or an
 * unanswered callback's retry interval is running: ./callbacks.ts) are left
 * out of the order before these rules (commands/call-next.ts). They keep their
 * place, and being skipped then is no pass-over: it is what they asked for, so
 * it earns them no jump ahead later. Once their time comes they are called
 * from the place their arrival gave them, usually soon, which is fair to them
 * (they joined when they did) and costs the others nothing they had before.
 * Staff may still call one of them by name (call-entry).
 */
import type { Entry, PriorityPolicy, QueueState } from './model.ts';

export interface Selection {
  entry: Entry;
  passedOverIds: string[];
  /** New round-robin credit for the counter, when the weighted policy chose. */
  credit: Record<string, number> | null;
}

/**
 * The waiting entries of several services merged into one order: each service's
 * line keeps its own order, and between lines the earlier arrival at the head goes first.
 */
export function lineOrder(state: Pick<QueueState, 'lines' | 'entries'>, serviceIds: readonly string[]): Entry[] {
  const lines = serviceIds.map((id) => (state.lines[id] ?? []).map((entryId) => state.entries[entryId]!));
  const heads = lines.map(() => 0);
  const merged: Entry[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < lines.length; i++) {
      const candidate = lines[i]![heads[i]!];
      if (!candidate) continue;
      if (best < 0 || arrivedBefore(candidate, lines[best]![heads[best]!]!)) best = i;
    }
    if (best < 0) return merged;
    merged.push(lines[best]![heads[best]!]!);
    heads[best]! += 1;
  }
}

/** Earlier arrival first; for the same instant, whoever's event came first. */
export function arrivedBefore(a: Pick<Entry, 'queuedAt' | 'arrivalSeq'>, b: Pick<Entry, 'queuedAt' | 'arrivalSeq'>): boolean {
  return a.queuedAt < b.queuedAt || (a.queuedAt === b.queuedAt && a.arrivalSeq < b.arrivalSeq);
}

export function isDue(entry: Entry, policy: PriorityPolicy, now: number): boolean {
  if (entry.passedOver >= policy.maxPassOvers) return true;
  if (policy.maxPassOverMinutes === null || entry.firstPassedOverAt === null) return false;
  return now - entry.firstPassedOverAt >= policy.maxPassOverMinutes * 60_000;
}

/**
 * One pass over the line, stopping at the first entry due; the line can be thousands long. `callable` leaves
 * out whoever may not be called yet (they are neither chosen nor passed over).
 */
export function selectNext(
  order: readonly Entry[],
  policy: PriorityPolicy,
  credit: Record<string, number>,
  now: number,
  callable: (entry: Entry) => boolean = () => true,
): Selection | null {
  let chosenAt = -1;
  /** Where each priority class first stands in the line. */
  const firstOfClass = new Map<number, number>();
  for (let i = 0; i < order.length; i++) {
    const entry = order[i]!;
    if (!callable(entry)) continue;
    if (isDue(entry, policy, now)) {
      chosenAt = i;
      break;
    }
    if (!firstOfClass.has(entry.priority)) firstOfClass.set(entry.priority, i);
  }
  let newCredit: Record<string, number> | null = null;
  if (chosenAt < 0) {
    if (firstOfClass.size === 0) return null;
    const present = [...firstOfClass.keys()].sort((a, b) => b - a);
    if (policy.mode === 'strict') {
      chosenAt = firstOfClass.get(present[0]!)!;
    } else {
      const turn = weightedTurn(present, policy.weights, credit);
      newCredit = turn.credit;
      chosenAt = firstOfClass.get(turn.priorityClass)!;
    }
  }
  const passedOverIds: string[] = [];
  for (let i = 0; i < chosenAt; i++) if (callable(order[i]!)) passedOverIds.push(order[i]!.id);
  return { entry: order[chosenAt]!, passedOverIds, credit: newCredit };
}

/**
 * Smooth weighted round-robin over the classes that have someone waiting:
 * each class earns its weight, the richest class is served and pays the total.
 * With weights {0: 2, 1: 1} and both waiting, the turns go 0, 1, 0, 0, 1, 0 …
 */
function weightedTurn(
  /** The classes with someone callable, highest first. */
  present: readonly number[],
  weights: Record<string, number>,
  credit: Record<string, number>,
): { priorityClass: number; credit: Record<string, number> } {
  const next = { ...credit };
  let total = 0;
  let best = present[0]!;
  for (const priorityClass of present) {
    const weight = weights[String(priorityClass)] ?? 1;
    total += weight;
    next[priorityClass] = (next[priorityClass] ?? 0) + weight;
    if (next[priorityClass]! > next[best]!) best = priorityClass;
  }
  next[best] = next[best]! - total;
  return { priorityClass: best, credit: next };
}
