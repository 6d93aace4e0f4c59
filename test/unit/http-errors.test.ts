/** A request the hub fails on unexpectedly is answered 500 and logged, once, in the hub's own log. */
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { clientAddresses } from '../../hub/http/client-address.ts';
import { createHttpServer } from '../../hub/http/server.ts';
import { createLogger } from '../../hub/log.ts';

it('logs an unexpected failure where the hub logs, with what was asked', async () => {
  const lines: string[] = [];
  const app = createHttpServer({
    health: () => ({}),
    metrics: new Registry(),
    clientAddresses: clientAddresses(),
    logger: createLogger('info', (line) => lines.push(line)),
    site: { siteId: 'test-site', siteName: 'Test Site', languages: ['en'] },
  });
  app.get('/fails', async () => {
    throw new Error('something broke');
  });
  const response = await app.inject({ method: 'GET', url: '/fails?x=1' });
  expect(response.statusCode).toBe(500);
  expect(response.json().error.message).toMatch(/it has been logged/);
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', message: 'HTTP request failed', method: 'GET', url: '/fails', error: 'something broke' });
  await app.close();
});
