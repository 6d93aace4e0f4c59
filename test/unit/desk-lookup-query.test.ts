/** What staff may type into the desk's look-up: a ticket however it is written, or a phone number in a local format. */
import { describe, expect, it } from 'vitest';
import { readLookupQuery } from '../../hub/desk/lookup.ts';

const read = (typed: unknown) => readLookupQuery(typed, 'US');

describe('the desk look-up reads', () => {
  it.each([
    ['L-004', 'L-004'],
    ['l4', 'L-004'],
    ['L 004', 'L-004'],
    [' l-0004 ', 'L-004'],
    ['xr-12', 'XR-012'],
  ])('the ticket %j as %s', (typed, ticket) => {
    expect(read(typed)).toEqual({ ok: true, query: { ticket } });
  });

  it.each([
    ['(201) 555-0123', '+12015550123'],
    ['201.555.0123', '+12015550123'],
    ['+1 201 555 0123', '+12015550123'],
  ])('the phone number %j as %s', (typed, phone) => {
    expect(read(typed)).toEqual({ ok: true, query: { phone } });
  });

  it.each(['', '   ', 'LAB', 'L-4x', 'hello', undefined, 42])('nothing it can use in %j, and says what to type', (typed) => {
    expect(read(typed)).toMatchObject({ ok: false, error: { code: 'invalid_request', reason: 'lookup.unreadable' } });
  });

  it('a number too short to be a phone, saying so', () => {
    expect(read('555')).toMatchObject({ ok: false, error: { reason: 'phone.invalid', params: { problem: 'too-short' } } });
  });
});
