/**
 * A refusal over REST and the desk API keeps its English message and adds its
 * reason and parameters; calling someone already called says to which counter,
 * and on the desk which staff member called them, by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitCommand } from '../../hub/engine/command-gateway.ts';
import { signInToDesk, type DeskClient } from '../helpers/desk.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let ana: DeskClient;
let ben: DeskClient;

beforeAll(async () => {
  hub = await startTestHub();
  [ana, ben] = await Promise.all([signInToDesk(hub.httpUrl, 'ana', 'demo-ana'), signInToDesk(hub.httpUrl, 'ben', 'demo-ben')]);
  for (const counterId of ['c1', 'c2']) expect((await hub.api('POST', `/counters/${counterId}/status`, { status: 'open' })).status).toBe(200);
});

afterAll(async () => {
  await hub?.stop();
});

describe('refusal reasons', () => {
  it('say where and by whom someone is already called', async () => {
    const { entryId, ticket } = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).body as { entryId: string; ticket: string };
    expect((await ana.call('POST', '/counters/c1/call-next')).status).toBe(200);

    const onDesk = await ben.call('POST', '/counters/c2/call-entry', { entryId });
    expect(onDesk.status).toBe(409);
    expect(onDesk.body.error).toEqual({
      code: 'invalid_state',
      reason: 'entry.wrong_status',
      params: {
        action: 'call',
        entry: { ticket },
        status: 'called',
        counter: { name: 'Counter 1', names: { en: 'Counter 1', es: 'Ventanilla 1' } },
        by: 'Ana (front desk)',
      },
      message: `Cannot call ${ticket}: it is already called to Counter 1 (by Ana (front desk))`,
    });

    // An API user gets the same reason, with the staff id as the event records it.
    const overRest = await hub.api('POST', '/counters/c2/call-entry', { entryId });
    expect(overRest.status).toBe(409);
    expect(overRest.body.error.message).toBe(`Cannot call ${ticket}: it is already called to Counter 1`);
    expect(overRest.body.error.params.by).toBe('ana');

    // The person waiting is told where they are called, but not by whom.
    const asPerson = await submitCommand(hub.engine, { kind: 'person', entryId, via: 'wait-page' }, 'more-time', { entryId });
    expect(asPerson.ok || asPerson.error).toEqual({
      code: 'invalid_state',
      reason: 'entry.wrong_status',
      params: { action: 'more-time', entry: { ticket }, status: 'called', counter: { name: 'Counter 1', names: { en: 'Counter 1', es: 'Ventanilla 1' } } },
      message: `Cannot give more time to ${ticket}: it is already called to Counter 1`,
    });
  });
});
