import { ownRow } from '@snn/platform';
import type { Context } from '../context';
import type { PlacementRow } from '../data/placements';
import { readableRound, roundById } from '../placement/rounds';

export const Placement = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => ownRow(ctx.viewer, await ctx.loaders.placement.load(ref.id), (p) => p.organisationId),
  citizen: (p: PlacementRow) => ({ id: p.citizenId }),
  offer: (p: PlacementRow, _: unknown, ctx: Context) => ctx.loaders.offer.get(p.offerId),
  organisation: (p: PlacementRow, _: unknown, ctx: Context) => ctx.loaders.organisation.get(p.organisationId),
  round: async (p: PlacementRow, _: unknown, ctx: Context) => (p.roundId ? (readableRound(ctx.viewer, await roundById(ctx.db, p.roundId)) ?? null) : null),
  evaluation: (p: PlacementRow) => (p.evaluationScore == null ? null : { score: p.evaluationScore, comment: p.evaluationComment }),
};
