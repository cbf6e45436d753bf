// Boots the solidarity subgraph alone: `pnpm --filter @snn/solidarity start`.
import { runSubgraphMain } from '@snn/platform';
import solidarity from './server';

await runSubgraphMain(solidarity);
