import { regionCodeOf, territoryByCode, type PageArgs, territoryReference } from '@snn/platform';
import type { Context } from '../context';
import type { CohortRow } from '../data/cohorts';
import { cohortConnection } from './Query';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: territoryReference,
  cohorts: (t: { code: string }, args: PageArgs & { track?: CohortRow['track'] | null }, ctx: Context) => {
    const ref = territoryByCode(t.code);
    const regionCodes = ref ? [regionCodeOf(ref)] : [];
    return cohortConnection(ctx, { regionCodes, track: args.track ?? undefined }, args);
  },
};
