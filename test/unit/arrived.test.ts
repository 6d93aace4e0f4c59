/** "I'm here": who may say it, from where, and what it records. */
import { describe, expect, it } from 'vitest';
import { commandRefusal, type Caller } from '../../hub/access/index.ts';
import { readReply } from '../../hub/sms/reply-keywords.ts';
import { command, Line } from '../helpers/queue.ts';

describe('arrived', () => {
  it('records the first "I\'m here" of a remote waiter or caller, once, with where it was said', () => {
    const line = new Line();
    const remote = line.enroll('lab', { channel: 'remote' });
    const caller = line.enroll('lab', { channel: 'phone', phone: '+15550100001' });
    line.advance(7);
    line.ok(command('arrived', { entryId: remote, via: 'status-page' }));
    line.ok(command('arrived', { entryId: caller }));
    expect(line.state.entries[remote]!.arrivedAt).toBe(line.now);
    expect(line.log.filter((e) => e.data.type === 'entry.arrived').map((e) => e.data)).toEqual([
      { type: 'entry.arrived', entryId: remote, via: 'status-page' },
      { type: 'entry.arrived', entryId: caller, via: 'desk' },
    ]);
    // A second tap, then a text: nothing more is recorded.
    line.advance(3);
    const before = line.log.length;
    line.ok(command('arrived', { entryId: remote, via: 'text' }));
    expect(line.log.length).toBe(before);
    expect(line.state.entries[remote]!.arrivedAt).toBe(line.now - 3 * 60_000);
  });

  it('records nothing for someone who joined in the building, and refuses a visit that is over', () => {
    const line = new Line();
    const walkIn = line.enroll('lab');
    line.ok(command('arrived', { entryId: walkIn, via: 'desk' }));
    expect(line.log.some((e) => e.data.type === 'entry.arrived')).toBe(false);
    const remote = line.enroll('lab', { channel: 'remote' });
    line.ok({ type: 'cancel', entryId: remote, reason: 'left' });
    const refused = line.run(command('arrived', { entryId: remote, via: 'desk' }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('Cannot mark as in the building L-002: it is cancelled');
  });

  it('is the person\'s own (from their link or by text), a kiosk\'s by a scan, and staff\'s', () => {
    const line = new Line();
    const me = line.enroll('lab', { channel: 'remote' });
    const other = line.enroll('lab', { channel: 'remote' });
    const ask = (caller: Caller, payload: object) => commandRefusal(caller, command('arrived', payload), line);
    const page: Caller = { kind: 'person', entryId: me, via: 'wait-page' };
    const sms: Caller = { kind: 'person', entryId: me, via: 'sms' };
    const kiosk: Caller = { kind: 'device', identity: { deviceId: 'kiosk-1', role: 'kiosk' }, clientId: 'k1' };
    const display: Caller = { kind: 'device', identity: { deviceId: 'tv-1', role: 'display' }, clientId: 't1' };
    expect(ask(page, { entryId: me, via: 'status-page' })).toBeNull();
    expect(ask(page, { entryId: me, via: 'kiosk-scan' })).toBeNull();
    expect(ask(page, { entryId: me, via: 'desk' })).toMatch(/from a status link is recorded as status-page or kiosk-scan/);
    expect(ask(page, { entryId: other, via: 'status-page' })).toBe('You can change only your own place in line');
    expect(ask(sms, { entryId: me, via: 'text' })).toBeNull();
    expect(ask(sms, { entryId: me, via: 'status-page' })).toMatch(/by text is recorded as text/);
    expect(ask(kiosk, { entryId: me, via: 'kiosk-scan' })).toBeNull();
    expect(ask(kiosk, { entryId: me, via: 'desk' })).toMatch(/by a scan at the kiosk/);
    expect(ask(display, { entryId: me, via: 'kiosk-scan' })).toMatch(/may not issue arrived/);
    expect(ask({ kind: 'staff', staffId: 's1', address: '::1' }, { entryId: me })).toBeNull();
  });

  it.each([
    ['HERE', 'en'],
    ["I'm here!", 'en'],
    ['I’m  here', 'en'],
    ['aquí', 'es'],
    ['Estoy aquí.', 'es'],
  ])('reads the reply %j as "I\'m here"', (text, language) => {
    expect(readReply(text)).toEqual({ intent: 'arrived', language });
  });
});
