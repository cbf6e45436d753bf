// The one place that swaps @apollo/gateway's internals for ours, process-wide, from a typed
// option (SNN_GATEWAY_ENGINE and its per-part overrides, read by platform's loadConfig). The swaps
// are module exports @apollo/gateway calls through (docs/decisions/0003, 0004, 0006); installing
// again with other settings replaces them (tests compare both in one process).
import type { GatewayEngine } from '@snn/platform';
import { useOperationReuse } from './operation-reuse';
import { usePlanExecution } from './plan-execution';
import { useCompiledResultShaping } from './result-shaping';

export function installEngine(engine: GatewayEngine): void {
  useCompiledResultShaping(engine.resultShaping);
  useOperationReuse(engine.operationReuse);
  usePlanExecution(engine.planExecution);
}
