/** Routes a validated command to its handler: one handler per command, in ./commands. */
import type { Command } from '../contract/index.ts';
import { arrived } from './commands/arrived.ts';
import { book } from './commands/book.ts';
import { callEntry } from './commands/call-entry.ts';
import { callbackResult } from './commands/callback-result.ts';
import { callNext } from './commands/call-next.ts';
import { checkIn } from './commands/check-in.ts';
import type { Decision, DecideContext } from './commands/common.ts';
import { enroll } from './commands/enroll.ts';
import { cancel, complete, noShow, recall, startServing } from './commands/entry-transitions.ts';
import { changeChannel } from './commands/change-channel.ts';
import { addNote } from './commands/add-note.ts';
import { continueVisit } from './commands/continue-visit.ts';
import { move } from './commands/move.ts';
import { purgeContacts } from './commands/purge-contacts.ts';
import { moreTime, onMyWay } from './commands/remote-waiter.ts';
import { reprint } from './commands/reprint.ts';
import { requeue } from './commands/requeue.ts';
import { setCounterStatus } from './commands/set-counter-status.ts';
import { transfer } from './commands/transfer.ts';
import { undo } from './commands/undo.ts';

export type { Decision, DecideContext, Subject } from './commands/common.ts';

export function decide(ctx: DecideContext, command: Command): Decision {
  switch (command.type) {
    case 'enroll':
      return enroll(ctx, command);
    case 'book':
      return book(ctx, command);
    case 'check-in':
      return checkIn(ctx, command);
    case 'call-next':
      return callNext(ctx, command);
    case 'call-entry':
      return callEntry(ctx, command);
    case 'recall':
      return recall(ctx, command);
    case 'start-serving':
      return startServing(ctx, command);
    case 'complete':
      return complete(ctx, command);
    case 'no-show':
      return noShow(ctx, command);
    case 'cancel':
      return cancel(ctx, command);
    case 'move':
      return move(ctx, command);
    case 'purge-contacts':
      return purgeContacts(ctx);
    case 'on-my-way':
      return onMyWay(ctx, command);
    case 'more-time':
      return moreTime(ctx, command);
    case 'arrived':
      return arrived(ctx, command);
    case 'transfer':
      return transfer(ctx, command);
    case 'set-counter-status':
      return setCounterStatus(ctx, command);
    case 'requeue':
      return requeue(ctx, command);
    case 'change-channel':
      return changeChannel(ctx, command);
    case 'add-note':
      return addNote(ctx, command);
    case 'continue-visit':
      return continueVisit(ctx, command);
    case 'reprint':
      return reprint(ctx, command);
    case 'undo':
      return undo(ctx, command);
    case 'callback-result':
      return callbackResult(ctx, command);
  }
}
