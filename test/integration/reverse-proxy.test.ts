/**
 * A reverse proxy in front of the hub (the public wait page's usual set-up):
 * the proxy terminates TLS and says who the person is and that they came over
 * HTTPS. The hub believes that only from the proxies the site file names, so
 * that nobody else can pass as another address or as a secure connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WAIT_LIVE_PATH, type WaitServerMessage } from '../../hub/contract/wait.ts';
import { SESSION_COOKIE } from '../../hub/contract/desk.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

let joins = 0;

async function joinFrom(hub: TestHub, forwardedFor: string): Promise<number> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: `proxy-join-${++joins}-x` }),
  });
  return response.status;
}

async function sessionCookieOverForwardedHttps(hub: TestHub): Promise<string> {
  const response = await fetch(`${hub.httpUrl}/desk/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ staffId: 'mia', password: 'demo-mia' }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
}

/** What the wait page's live channel answers a made-up link, asked through the proxy for `forwardedFor`. */
async function unknownLinkAnswer(hub: TestHub, forwardedFor: string): Promise<string> {
  const ws = new WebSocket(`${hub.httpUrl.replace('http', 'ws')}${WAIT_LIVE_PATH}`, { headers: { 'x-forwarded-for': forwardedFor } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = new Promise<string>((resolve) => ws.once('message', (data) => resolve((JSON.parse(data.toString()) as Extract<WaitServerMessage, { type: 'unknown-link' }>).message)));
  ws.send(JSON.stringify({ type: 'hello', token: 'made-up-link-0123456789abcdef' }));
  const message = await answer;
  ws.terminate();
  return message;
}

function siteWithOneJoinEach(trustedProxies?: string[]) {
  const site = testSite();
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 1 };
  return trustedProxies ? { ...site, trustedProxies } : site;
}

describe('behind a trusted reverse proxy', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ site: siteWithOneJoinEach(['127.0.0.1']) });
  });
  afterAll(() => hub?.stop());

  it('counts joins per forwarded address, so people behind the proxy are not one client', async () => {
    expect(await joinFrom(hub, '203.0.113.5')).toBe(201);
    expect(await joinFrom(hub, '203.0.113.5')).toBe(429);
    expect(await joinFrom(hub, '203.0.113.6')).toBe(201);
  });

  it('marks the desk cookie Secure when the proxy says the desk came over HTTPS', async () => {
    expect(await sessionCookieOverForwardedHttps(hub)).toMatch(/;\s*Secure/i);
  });

  it('limits unknown status links per forwarded address on the live channel, so one guesser does not lock out every phone', async () => {
    let answer = '';
    for (let tries = 0; !answer.startsWith('Too many') && tries < 100; tries++) answer = await unknownLinkAnswer(hub, '203.0.113.7');
    expect(answer).toMatch(/^Too many links were tried from this device/);
    expect(await unknownLinkAnswer(hub, '203.0.113.8')).toMatch(/^This link is not valid/);
  });
});

describe('without a trusted proxy', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ site: siteWithOneJoinEach() });
  });
  afterAll(() => hub?.stop());

  it('ignores forwarded headers: a client cannot pass as another address, nor as HTTPS', async () => {
    expect(await joinFrom(hub, '203.0.113.5')).toBe(201);
    expect(await joinFrom(hub, '203.0.113.6')).toBe(429);
    expect(await sessionCookieOverForwardedHttps(hub)).not.toMatch(/;\s*Secure/i);
  });
});
