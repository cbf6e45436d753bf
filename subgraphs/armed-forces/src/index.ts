// Boots the armed-forces subgraph alone: `pnpm --filter @snn/armed-forces start`.
import { runSubgraphMain } from '@snn/platform';
import armedForces from './server';

await runSubgraphMain(armedForces);
