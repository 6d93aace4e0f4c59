/**
 * Prometheus metrics at /metrics: the lines, the event log, the broker, the
 * contact-center mirror and the webhooks. Gauges are read when scraped, so they cost nothing between scrapes.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueEngine } from '../engine/engine.ts';
import type { MirrorHealth } from '../mirror/service.ts';
import type { WebhookHealth } from '../mirror/webhooks.ts';

export interface MetricsSources {
  engine: QueueEngine;
  brokerClients: () => number;
  mirrorHealth: () => MirrorHealth | null;
  webhookHealth: () => readonly WebhookHealth[];
}

export function createMetrics(sources: MetricsSources): Registry {
  const registry = new Registry();
  const { engine } = sources;
  new Gauge({
    name: 'lobbyline_waiting',
    help: 'People waiting, per service',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      for (const service of engine.config.services) this.set({ service: service.id }, engine.state.lines[service.id]?.length ?? 0);
    },
  });
  new Gauge({
    name: 'lobbyline_counters_open',
    help: 'Counters open',
    registers: [registry],
    collect() {
      this.set(Object.values(engine.state.counters).filter((c) => c.status === 'open').length);
    },
  });
  new Gauge({
    name: 'lobbyline_events_committed',
    help: 'Sequence number of the last committed event',
    registers: [registry],
    collect() {
      this.set(engine.state.seq);
    },
  });
  new Gauge({
    name: 'lobbyline_broker_clients',
    help: 'MQTT clients connected to the embedded broker',
    registers: [registry],
    collect() {
      this.set(sources.brokerClients());
    },
  });
  const events = new Counter({
    name: 'lobbyline_events_total',
    help: 'Committed events (accepted commands), by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const waits = new Histogram({
    name: 'lobbyline_wait_seconds',
    help: 'Time from joining the line to being called, per service',
    labelNames: ['service'],
    buckets: [60, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200],
    registers: [registry],
  });
  engine.onCommitted((committed, state) => {
    for (const { data, at } of committed) {
      events.inc({ type: data.type });
      const entry = data.type === 'entry.called' ? state.entries[data.entryId] : undefined;
      if (entry) waits.observe({ service: entry.serviceId }, (at - entry.queuedAt) / 1000);
    }
  });
  const mirrorGauge = (name: string, help: string, read: (h: MirrorHealth) => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const health = sources.mirrorHealth();
        const value = health ? read(health) : null;
        if (value !== null) this.set(value);
      },
    });
  mirrorGauge('lobbyline_mirror_connected', '1 when the contact-center mirror is connected upstream', (h) => (h.connected ? 1 : 0));
  mirrorGauge('lobbyline_mirror_backlog_events', 'Committed events not yet acknowledged by the upstream broker', (h) => h.depth);
  mirrorGauge('lobbyline_mirror_lag_seconds', 'Age of the oldest event not yet acknowledged upstream', (h) => (h.lagMs === null ? null : h.lagMs / 1000));
  webhookGauges(registry, sources.webhookHealth);
  return registry;
}

/** One series per webhook (label `webhook`: its id); a figure with nothing to say, like a next retry while none is due, is left out. */
function webhookGauges(registry: Registry, webhookHealth: () => readonly WebhookHealth[]): void {
  const gauge = (name: string, help: string, read: (h: WebhookHealth) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['webhook'],
      registers: [registry],
      collect() {
        this.reset();
        for (const health of webhookHealth()) {
          const value = read(health);
          if (value !== null) this.set({ webhook: health.id }, value);
        }
      },
    });
  gauge('lobbyline_webhook_backlog_events', 'Committed events not yet delivered to the webhook (they wait, in order, behind the oldest)', (h) => h.backlog);
  gauge('lobbyline_webhook_oldest_waiting_seconds', 'Age of the oldest event not yet delivered to the webhook', (h) =>
    h.oldestWaitingMs === null ? null : h.oldestWaitingMs / 1000,
  );
  gauge('lobbyline_webhook_attempts', 'Failed attempts on the event the webhook is delivering now', (h) => h.attempts);
  gauge('lobbyline_webhook_next_retry_timestamp_seconds', 'When the failing event is tried again (Unix seconds)', (h) =>
    h.nextRetryAt === null ? null : Date.parse(h.nextRetryAt) / 1000,
  );
  new Gauge({
    name: 'lobbyline_webhook_last_error_info',
    help: 'Why the last attempt failed (label `error`: HTTP status, timeout or network error), while the webhook is failing',
    labelNames: ['webhook', 'error'],
    registers: [registry],
    collect() {
      this.reset();
      for (const health of webhookHealth()) if (health.lastError !== null) this.set({ webhook: health.id, error: health.lastError }, 1);
    },
  });
}
