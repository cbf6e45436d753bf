// A placement round and its outcome: thin resolvers over placement/rounds and placement/outcomes.
// Every path to a round passed readableRound (the agency's only), so its fields need no check.
import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { countOutcomes, listOutcomes, statisticsView, type OutcomeFilter, type OutcomeRow } from '../placement/outcomes';
import type { ChoiceExclusion, RoundStats, UnplacedReason } from '../placement/round';
import type { RoundRow } from '../placement/rounds';

export const PlacementRound = {
  statistics: (r: RoundRow) => (r.stats ? statisticsView(r.stats as RoundStats) : null),
  outcomes: async (r: RoundRow, args: PageArgs & OutcomeFilter, ctx: Context) => {
    if (r.phase !== 'COMPUTED' && r.phase !== 'PUBLISHED') return null;
    const page = pageOf(args, 'PlacementOutcome');
    const filter = { placed: args.placed, reason: args.reason };
    const rows = await listOutcomes(ctx.db, r.id, filter, page);
    return { ...toConnection(rows, page, (o) => o.citizenId), totalCount: () => countOutcomes(ctx.db, r.id, filter) };
  },
};

export const PlacementOutcome = {
  citizen: (o: OutcomeRow) => ({ id: o.citizenId }),
  offer: (o: OutcomeRow, _: unknown, ctx: Context) => (o.offerId ? ctx.loaders.offer.load(o.offerId) : null),
  unplacedReason: (o: OutcomeRow) => o.reason as UnplacedReason | null,
  exclusions: (o: OutcomeRow) => (o.exclusions ? (o.exclusions.split(',') as ChoiceExclusion[]) : []),
};
