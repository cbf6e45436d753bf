// Prometheus metrics of one service at GET /metrics, with prom-client (the de-facto Node client):
// process CPU, memory and event-loop figures, requests by route and status, and the service's own
// running totals (a subgraph's SQL statements, what `pnpm bench` divides by requests; the gateway's
// entity fetches and the calls they became). Counts only: no label ever carries a caller, an id or
// a value, so scraping reveals nothing personal.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** One HTTP request answered, by route (`graphql`, `health`, `metrics`, `other`) and status. */
  answered(route: string, status: number): void;
}

/** A running total the service keeps itself, read at each scrape; or a gauge (a level, read when scraped). */
export interface Total {
  name: string;
  help: string;
  value: () => number | Promise<number>;
  kind?: 'counter' | 'gauge';
}

/**
 * Bounds of `nodejs_gc_duration_seconds`, finer than prom-client's (1 ms, 10 ms, 100 ms, 1 s…):
 * a collection pauses the whole service, and the pauses that make a latency tail here last 10 to
 * 100 ms, all in one default bucket. `pnpm bench` counts those of LONG_GC_PAUSE_SECONDS and more
 * per service.
 * prom-client records the first collection of each batch its observer is handed (one turn of the
 * event loop): a lower bound when two collections fall in one turn.
 */
export const LONG_GC_PAUSE_SECONDS = 0.025;
export const GC_PAUSE_BUCKETS = [0.001, 0.005, 0.01, LONG_GC_PAUSE_SECONDS, 0.05, 0.1, 0.25, 1];

export function createMetrics(service: string, totals: Total[] = []): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, gcDurationBuckets: GC_PAUSE_BUCKETS });
  const requests = new Counter({
    name: 'snn_http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  for (const { name, help, value, kind } of totals) {
    if (kind === 'gauge') {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          // A level that cannot be read now (its source is away) is scraped as NaN, not as a stale figure.
          this.set(await Promise.resolve(value()).catch(() => Number.NaN));
        },
      });
      continue;
    }
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value() as number);
      },
    });
  }
  return { registry, answered: (route, status) => requests.inc({ route, status: String(status) }) };
}
