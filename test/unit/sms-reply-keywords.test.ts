/** How a reply is read: whole-message keywords in English and Spanish, and the menu digits. */
import { describe, expect, it } from 'vitest';
import { readReply } from '../../hub/sms/reply-keywords.ts';

describe('readReply', () => {
  it.each([
    ['STOP', 'stop', null],
    [' stop. ', 'stop', null],
    ['Unsubscribe', 'stop', 'en'],
    ['quit!', 'stop', 'en'],
    ['Parar', 'stop', 'es'],
    ['BAJA', 'stop', 'es'],
    ['start', 'start', null],
    ['UNSTOP', 'start', 'en'],
    ['help?', 'help', 'en'],
    ['Info', 'help', null],
    ['ayúda', 'help', 'es'],
    ['1', 'on-my-way', null],
    [' 2 ', 'more-time', null],
    ['0.', 'leave', null],
  ])('reads %j as %s', (text, intent, language) => {
    expect(readReply(text)).toEqual({ intent, language });
  });

  it.each(["don't stop", 'stop please', '10', '1 2', '', 'OK', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('reads %j as something else', (text) => {
    expect(readReply(text).intent).toBe('other');
  });
});
