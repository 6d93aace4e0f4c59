/** What the lobby display announces as the now-serving list changes. */
import { describe, expect, it } from 'vitest';
import type { PublicCall } from '../../hub/contract/views.ts';
import { CallWatcher } from '../../display/src/calls.ts';

const call = (ticket: string, recalls = 0, calledAt = '2026-11-23T15:00:00.000Z'): PublicCall => ({
  ticket,
  serviceId: 'lab',
  counterId: 'c1',
  counterName: 'Counter 1',
  calledAt,
  recalls,
});

describe('announcements', () => {
  it('announces new calls and recalls, not the list a screen starts with', () => {
    const watcher = new CallWatcher();
    expect(watcher.update([call('L-001')])).toEqual([]);
    expect(watcher.update([call('L-002'), call('L-001')])).toEqual([{ ticket: 'L-002', counterName: 'Counter 1', recall: false }]);
    expect(watcher.update([call('L-001', 1, '2026-11-23T15:05:00.000Z'), call('L-002')])).toEqual([{ ticket: 'L-001', counterName: 'Counter 1', recall: true }]);
  });

  it('announces as a recall a call that comes back after scrolling off the list', () => {
    const watcher = new CallWatcher();
    watcher.update([call('L-002')]);
    expect(watcher.update([call('L-001', 1, '2026-11-23T15:09:00.000Z'), call('L-002')])).toEqual([{ ticket: 'L-001', counterName: 'Counter 1', recall: true }]);
  });
});
