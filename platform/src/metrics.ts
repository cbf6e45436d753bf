// Prometheus metrics of one service at GET /metrics, with prom-client (the de-facto Node client):
// process CPU, memory and event-loop figures, requests by route and status, and the service's own
// running totals (a subgraph's SQL statements, what `pnpm bench` divides by requests; the gateway's
// entity fetches and the calls they became). Counts only: no label ever carries a caller, an id or
// a value, so scraping reveals nothing personal.
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** One HTTP request answered, by route (`graphql`, `health`, `metrics`, `other`) and status. */
  answered(route: string, status: number): void;
}

/** A running total the service keeps itself, read at each scrape. */
export interface Total { name: string; help: string; value: () => number }

export function createMetrics(service: string, totals: Total[] = []): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'snn_http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  for (const { name, help, value } of totals) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  }
  return { registry, answered: (route, status) => requests.inc({ route, status: String(status) }) };
}
