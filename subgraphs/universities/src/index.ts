// Boots the universities subgraph alone: `pnpm --filter @snn/universities start`.
import { runSubgraphMain } from '@snn/platform';
import universities from './server';

await runSubgraphMain(universities);
