/** What the desk's alerts say about texts: the gateway down, or texts failing while it is up. */
import { describe, expect, it } from 'vitest';
import { deskAlerts } from '../../hub/desk/alerts.ts';

const at = Date.parse('2026-11-23T15:00:00Z');
const since = '2026-11-23T14:00:00.000Z';

describe('SMS alerts at the desk', () => {
  it('says the gateway is down, and nothing when all is well or the site sends no texts', () => {
    const down = deskAlerts([], new Map(), null, { connected: false, since, detail: 'GSM modem /dev/ttyUSB2 does not answer', failedLastHour: 0 }, at);
    expect(down.problems).toEqual([{ kind: 'sms-offline', since, detail: 'GSM modem /dev/ttyUSB2 does not answer' }]);
    expect(deskAlerts([], new Map(), null, { connected: true, since, detail: null, failedLastHour: 0 }, at).problems).toEqual([]);
    expect(deskAlerts([], new Map(), null, null, at).problems).toEqual([]);
  });

  it('counts texts that failed for good while the gateway is up', () => {
    const failing = deskAlerts([], new Map(), null, { connected: true, since, detail: '2 texts failed in the last hour', failedLastHour: 2 }, at);
    expect(failing.problems).toEqual([{ kind: 'sms-failing', since, failedLastHour: 2, detail: '2 texts failed in the last hour' }]);
  });
});
