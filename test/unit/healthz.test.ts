/** /healthz says ok only once the hub serves: before its broker listens, 503 and "starting". */
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { clientAddresses } from '../../hub/http/client-address.ts';
import { createHttpServer } from '../../hub/http/server.ts';
import { createLogger } from '../../hub/log.ts';

it('answers 503 while the hub is starting and ok with its figures once it serves', async () => {
  let serving = false;
  const app = createHttpServer({
    health: () => (serving ? { siteId: 'test-site', seq: 7 } : null),
    metrics: new Registry(),
    clientAddresses: clientAddresses(),
    logger: createLogger('info', () => {}),
    site: { siteId: 'test-site', siteName: 'Test Site', languages: ['en'] },
  });
  const starting = await app.inject({ method: 'GET', url: '/healthz' });
  expect(starting.statusCode).toBe(503);
  expect(starting.json()).toEqual({ status: 'starting' });
  serving = true;
  const up = await app.inject({ method: 'GET', url: '/healthz' });
  expect(up.statusCode).toBe(200);
  expect(up.json()).toEqual({ status: 'ok', siteId: 'test-site', seq: 7 });
  await app.close();
});
