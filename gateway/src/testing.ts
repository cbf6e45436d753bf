// What tests and benches reach inside the gateway, beside the built gateway of the main entry:
// the transport and the engine's parts, each with Apollo's original to compare against.
export { SubgraphSource } from './transport/subgraph-source';
export { InFlightMap } from './transport/in-flight-map';
export { apolloComputeResponse, computeResponse, type ComputeResponseArgs } from './engine/result-shaping';
export { apolloExecuteQueryPlan, executeQueryPlan, executions, usePlanExecution } from './engine/plan-execution';
