// The five subgraph definitions, in start order.
import type { BaseContext } from '@apollo/server';
import type { SubgraphDefinition } from '@snn/platform';
import armedForces from '@snn/armed-forces';
import economy from '@snn/economy';
import education from '@snn/education';
import solidarity from '@snn/solidarity';
import universities from '@snn/universities';

// Each definition has its own context type; the harness only starts them.
export const DEFINITIONS = [education, armedForces, economy, universities, solidarity] as unknown as ReadonlyArray<SubgraphDefinition<BaseContext>>;

/** The universe every federation test file shares: small enough to seed in seconds, large enough for 200-entity pages. */
export const TEST_UNIVERSE = { citizens: 3000, seed: 424242 };
