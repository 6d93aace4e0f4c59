/**
 * A webhook receiver that fails holds back every later event (the order is
 * kept), and the hub says so: the backlog and its age on /metrics, in
 * GET /api/v1/mirror and as a desk alert, which clears once delivery resumes.
 * A real hub and a real HTTP receiver on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signInToDesk } from '../helpers/desk.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const env = { LOBBYLINE_WEBHOOK_SECRET: 'webhook-secret-123' };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiver that answers 500 until told to recover; it records the event id of every attempt. */
async function failingReceiver() {
  const attempts: { id: string; status: number }[] = [];
  let failing = true;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const status = failing ? 500 : 200;
      attempts.push({ id: String(request.headers['x-lobbyline-event-id']), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, attempts, recover: () => (failing = false) };
}

async function hookedHub(url: string, extra: { mirror?: boolean } = {}): Promise<TestHub> {
  const site = testSite();
  const hub = await startTestHub({
    site: { ...site, ...(!extra.mirror && { mirror: undefined }), webhooks: [{ id: 'crm', url, secretEnv: 'LOBBYLINE_WEBHOOK_SECRET' }] },
    env,
    webhookBackoffMs: 20,
  });
  cleanups.push(() => hub.stop());
  return hub;
}

const metricsOf = (hub: TestHub) => fetch(`${hub.httpUrl}/metrics`).then((r) => r.text());

describe('a failing webhook receiver', () => {
  it('holds later events back in order and shows the backlog, its age, the attempts and the error until it recovers', async () => {
    const receiver = await failingReceiver();
    const hub = await hookedHub(receiver.url);
    for (let i = 0; i < 3; i++) expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(201);
    await until(() => receiver.attempts.length >= 5, 'five failed attempts on the first event');
    // Nothing later was sent past the failing event.
    expect(new Set(receiver.attempts.map((a) => a.id))).toEqual(new Set([`${hub.engine.config.siteId}:1`]));

    const metrics = await metricsOf(hub);
    expect(metrics).toMatch(/^lobbyline_webhook_backlog_events\{webhook="crm"\} 3$/m);
    expect(metrics).toMatch(/^lobbyline_webhook_oldest_waiting_seconds\{webhook="crm"\} \d+(\.\d+)?(e-\d+)?$/m);
    expect(Number(/^lobbyline_webhook_attempts\{webhook="crm"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(5);
    expect(metrics).toMatch(/^lobbyline_webhook_last_error_info\{webhook="crm",error="HTTP 500"\} 1$/m);
    expect(metrics).toMatch(/^lobbyline_webhook_next_retry_timestamp_seconds\{webhook="crm"\} \d+/m);

    const health = await hub.api('GET', '/mirror');
    expect(health.status).toBe(200);
    expect(health.body.webhooks).toEqual([
      {
        id: 'crm',
        deliveredSeq: 0,
        latestSeq: 3,
        backlog: 3,
        oldestWaitingMs: expect.any(Number),
        attempts: expect.any(Number),
        failingSince: expect.any(String),
        lastError: 'HTTP 500',
        nextRetryAt: expect.any(String),
      },
    ]);
    expect(health.body.webhooks[0].attempts).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(health.body)).not.toContain(receiver.url); // an address may carry a token: only the id is shown

    const desk = await signInToDesk(hub.httpUrl);
    const alerts = await desk.call('GET', '/alerts');
    expect(alerts.body.problems).toEqual([
      expect.objectContaining({ kind: 'webhook-failing', webhookId: 'crm', backlog: 3, lastError: 'HTTP 500', since: health.body.webhooks[0].failingSince }),
    ]);

    receiver.recover();
    await until(async () => (await hub.api('GET', '/mirror')).body.webhooks[0].backlog === 0, 'the backlog to drain');
    const delivered = receiver.attempts.filter((a) => a.status === 200).map((a) => a.id);
    expect(delivered).toEqual([1, 2, 3].map((seq) => `${hub.engine.config.siteId}:${seq}`));
    expect((await hub.api('GET', '/mirror')).body.webhooks[0]).toEqual({
      id: 'crm',
      deliveredSeq: 3,
      latestSeq: 3,
      backlog: 0,
      oldestWaitingMs: 0,
      attempts: 0,
      failingSince: null,
      lastError: null,
      nextRetryAt: null,
    });
    expect((await desk.call('GET', '/alerts')).body.problems).toEqual([]);
    const after = await metricsOf(hub);
    expect(after).toMatch(/^lobbyline_webhook_backlog_events\{webhook="crm"\} 0$/m);
    expect(after).not.toMatch(/lobbyline_webhook_last_error_info\{/);
  });

  it('names a receiver that cannot be reached by the network error, not the address', async () => {
    // A port that was just given up: nothing listens on it.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as { port: number };
    await new Promise((resolve) => gone.close(resolve));
    const hub = await hookedHub(`http://127.0.0.1:${port}/hook`);
    await hub.api('POST', '/entries', { serviceId: 'lab' });
    await until(async () => ((await hub.api('GET', '/mirror')).body.webhooks?.[0]?.attempts ?? 0) >= 2, 'two failed attempts');
    const [webhook] = (await hub.api('GET', '/mirror')).body.webhooks;
    expect(webhook).toMatchObject({ backlog: 1, lastError: 'network error: ECONNREFUSED' });
  });

  it('does not follow a redirect, which would turn the POST into a GET without the event', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      request.resume();
      response.writeHead(302, { location: '/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const hub = await hookedHub(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`);
    await hub.api('POST', '/entries', { serviceId: 'lab' });
    await until(async () => ((await hub.api('GET', '/mirror')).body.webhooks[0].attempts ?? 0) >= 2, 'two failed attempts');
    expect((await hub.api('GET', '/mirror')).body.webhooks[0]).toMatchObject({ backlog: 1, lastError: 'HTTP 302' });
    expect(new Set(requests)).toEqual(new Set(['POST /hook']));
  });
});
