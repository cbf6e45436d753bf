// Boots the education subgraph alone: `pnpm --filter @snn/education start`.
import { runSubgraphMain } from '@snn/platform';
import education from './server';

await runSubgraphMain(education);
