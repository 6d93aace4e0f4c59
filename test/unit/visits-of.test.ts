/** A person's visits of the day, as the desk's and the contact center's look-ups list them. */
import { expect, it } from 'vitest';
import { localDay, visitsOf } from '../../hub/queue/index.ts';
import { Line } from '../helpers/queue.ts';

it('lists the visits still going first (oldest first), then the ones ended today (latest first), and none ended another day', () => {
  const line = new Line();
  const phone = '+12015550123';
  const mine = (e: { phone: string | null }) => e.phone === phone;
  const yesterday = line.enroll('lab', { channel: 'phone', phone });
  line.ok({ type: 'cancel', entryId: yesterday, reason: 'left' });
  line.advance(24 * 60);
  const left = line.enroll('lab', { channel: 'phone', phone });
  line.advance(1);
  const waiting = line.enroll('lab', { channel: 'kiosk', phone });
  line.advance(1);
  line.ok({ type: 'cancel', entryId: left, reason: 'left' });
  const alsoWaiting = line.enroll('xray', { channel: 'remote', phone });
  line.enroll('lab', { channel: 'kiosk', phone: '+12015550199' });

  const today = localDay(line.now, line.config.timezone);
  expect(visitsOf(line.state, today, mine).map((e) => e.id)).toEqual([waiting, alsoWaiting, left]);
});
