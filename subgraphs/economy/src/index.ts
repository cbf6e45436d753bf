// Boots the economy subgraph alone: `pnpm --filter @snn/economy start`.
import { runSubgraphMain } from '@snn/platform';
import economy from './server';

await runSubgraphMain(economy);
