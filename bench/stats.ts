// The figures of a measured load, computed from its raw latencies so that several rounds of the
// same load combine exactly (a p99 of p99s would not be one).

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** HTTP status other than 200, or a GraphQL `errors` entry in the answer. */
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Every measured latency in ms, sorted. */
  latencies: number[];
}

/** The `q` quantile (0–1) of ascending `sorted`; NaN when it is empty. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** The median of `values`, in any order; NaN when there are none. */
export const median = (values: readonly number[]): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** The figures of `latencies` (ms), answered in `seconds` with `errors` failures. */
export function loadResult(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    errors,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
    latencies: sorted,
  };
}

export interface RampStep {
  connections: number;
  rps: number;
  p99: number;
}

/**
 * Ours driven at growing fixed connections: its peak (the best req/s at any of them) and the knee,
 * the fewest connections that deliver 80 % of that peak.
 */
export function kneeOf(ramp: readonly RampStep[]): { peak: number; knee: RampStep } {
  const peak = Math.max(...ramp.map((r) => r.rps));
  const knee = [...ramp].sort((a, b) => a.connections - b.connections).find((r) => r.rps >= 0.8 * peak)!;
  return { peak, knee };
}
