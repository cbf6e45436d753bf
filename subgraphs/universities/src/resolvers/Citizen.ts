import { ownRows, citizenReference } from '@snn/platform';
import type { Context } from '../context';
import { totalFinalEcts } from '../data/credits';

export const Citizen = {
  // Citizens are education's: any well-formed id is a citizen here, possibly with no credits yet.
  __resolveReference: citizenReference,
  // A university sees only the credits it awarded.
  credits: async (c: { id: string }, _: unknown, ctx: Context) => ownRows(ctx.viewer, await ctx.loaders.creditsOfCitizen.load(c.id), (a) => a.universityId),
  totalEcts: async (c: { id: string }, _: unknown, ctx: Context) =>
    totalFinalEcts(ownRows(ctx.viewer, await ctx.loaders.creditsOfCitizen.load(c.id), (a) => a.universityId)),
};
