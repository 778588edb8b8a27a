import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Answers the outbox gauge at scrape time: deliveries per status (pending, delivered, dead…). */
export type OutboxCounter = () => Promise<Record<string, number>>;

export interface Metrics {
  /** One finished poll: `ingested`, `not_modified` or `failed` (with its error kind). */
  pollFinished(outcome: string, errorKind?: string): void;
  /** How long after the vendor's first post we saw a new incident. */
  incidentDetected(lagMs: number): void;
  /** One alert send: `delivered`, `retry` or `dead`, and how long it took. */
  deliveryAttempted(outcome: string, latencyMs: number): void;
  /** Prometheus text exposition of everything above, plus process and event-loop figures. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * The process's Prometheus metrics on a registry of its own (never prom-client's global one, so
 * two servers in one test process do not share counters). Subsystems never import this: the
 * composition root feeds it from their hooks (`onResult`, `onAttempt`).
 */
export function createMetrics(options: { outbox?: OutboxCounter } = {}): Metrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_* (from monitorEventLoopDelay), heap and RSS.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const polls = new Counter({
    name: 'statuswatch_polls_total',
    help: 'Vendor polls by outcome',
    labelNames: ['outcome', 'error_kind'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'statuswatch_detection_lag_seconds',
    help: "Time from a vendor's first post of an incident to our first sight of it",
    buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'statuswatch_alert_deliveries_total',
    help: 'Alert send attempts by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const sendSeconds = new Histogram({
    name: 'statuswatch_alert_send_seconds',
    help: 'Duration of one alert send',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const outboxCounter = options.outbox;
  if (outboxCounter !== undefined) outboxGauge(registry, outboxCounter);
  return {
    pollFinished(outcome, errorKind) {
      polls.inc({ outcome, error_kind: errorKind ?? '' });
    },
    incidentDetected(lagMs) {
      lag.observe(lagMs / 1000);
    },
    deliveryAttempted(outcome, latencyMs) {
      deliveries.inc({ result: outcome });
      sendSeconds.observe(latencyMs / 1000);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

// --- internal ---

function outboxGauge(registry: Registry, count: OutboxCounter): void {
  new Gauge({
    name: 'statuswatch_outbox_deliveries',
    help: 'Alert deliveries in the outbox by status, read from the database at scrape time',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await count())) this.set({ status }, n);
    },
  });
}
