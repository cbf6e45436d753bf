// Prometheus metrics of one service at GET /metrics, with prom-client (the de-facto Node client):
// process CPU, memory and event-loop figures, requests by route and status, and for a subgraph the
// SQL statements it has run (what `pnpm bench` divides by requests). Counts only: no label ever
// carries a caller, an id or a value, so scraping reveals nothing personal.
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** One HTTP request answered, by route (`graphql`, `health`, `metrics`, `other`) and status. */
  answered(route: string, status: number): void;
}

export function createMetrics(service: string, sqlStatements?: () => number): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'snn_http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  if (sqlStatements) {
    new Counter({
      name: 'snn_sql_statements_total',
      help: 'SQL statements sent to the database since the process started.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(sqlStatements());
      },
    });
  }
  return { registry, answered: (route, status) => requests.inc({ route, status: String(status) }) };
}
