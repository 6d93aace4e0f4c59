/**
 * The simulated clock of `npm run simulate`: actors take turns, and what the
 * hub runs on a timer (callback deadlines) runs each time the clock moves,
 * before anyone acts at the new time.
 */
import { expect, it } from 'vitest';
import { SimulatedTime } from '../../hub/insights/day-driver.ts';

it('runs the task at each move of the clock, before the actors that wake then, and not again for the same time', async () => {
  const time = new SimulatedTime(1000);
  const seen: string[] = [];
  time.whenAdvanced(async () => {
    await Promise.resolve();
    seen.push(`check ${time.now()}`);
  });
  const actor = (name: string, at: number) => async () => {
    await time.until(at);
    seen.push(`${name} ${time.now()}`);
  };
  await time.run([actor('a', 3000), actor('b', 2000), actor('c', 3000), actor('d', 500)]);
  expect(seen).toEqual(['d 1000', 'check 2000', 'b 2000', 'check 3000', 'a 3000', 'c 3000']);
});

it('stops the actor that would wake when the task fails', async () => {
  const time = new SimulatedTime(0);
  time.whenAdvanced(() => Promise.reject(new Error('the hub is gone')));
  await expect(time.run([() => time.until(10)])).rejects.toThrow('the hub is gone');
});
