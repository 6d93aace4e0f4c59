/** When a failing webhook becomes a desk alert: after 60 s or 5 failed attempts on one event, and not before; gone once it delivers. */
import { describe, expect, it } from 'vitest';
import { deskAlerts } from '../../hub/desk/alerts.ts';
import type { WebhookHealth } from '../../hub/mirror/webhooks.ts';

const now = Date.parse('2026-11-23T15:00:00Z');
const secondsAgo = (s: number) => new Date(now - s * 1000).toISOString();

function webhook(failing: { attempts: number; sinceSecondsAgo: number } | null): WebhookHealth {
  return {
    id: 'crm',
    deliveredSeq: 4,
    latestSeq: failing ? 9 : 4,
    backlog: failing ? 5 : 0,
    oldestWaitingMs: failing ? failing.sinceSecondsAgo * 1000 : 0,
    attempts: failing?.attempts ?? 0,
    failingSince: failing && secondsAgo(failing.sinceSecondsAgo),
    lastError: failing && 'HTTP 503',
    nextRetryAt: failing && secondsAgo(-8),
  };
}

const problemsFor = (health: WebhookHealth) => deskAlerts([], new Map(), null, null, now, undefined, [health]).problems;

describe('webhook alerts at the desk', () => {
  it('stay quiet through a short hiccup', () => {
    expect(problemsFor(webhook({ attempts: 4, sinceSecondsAgo: 59 }))).toEqual([]);
    expect(problemsFor(webhook(null))).toEqual([]);
  });

  it('raise one problem after 5 failed attempts or a minute of failing, whichever comes first', () => {
    const expected = {
      kind: 'webhook-failing',
      webhookId: 'crm',
      since: secondsAgo(15),
      backlog: 5,
      attempts: 5,
      lastError: 'HTTP 503',
      nextRetryAt: secondsAgo(-8),
    };
    expect(problemsFor(webhook({ attempts: 5, sinceSecondsAgo: 15 }))).toEqual([expected]);
    expect(problemsFor(webhook({ attempts: 2, sinceSecondsAgo: 60 }))).toEqual([{ ...expected, attempts: 2, since: secondsAgo(60) }]);
  });
});
