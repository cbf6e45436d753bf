import type { Context } from '../context';
import { totalFinalEcts } from '../data/credits';
import { isUuid } from '../validation';

export const Citizen = {
  // Citizens are education's: any well-formed id is a citizen here, possibly with no credits yet.
  __resolveReference: (ref: { id: string }) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
  credits: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.creditsOfCitizen.load(c.id),
  totalEcts: async (c: { id: string }, _: unknown, ctx: Context) => totalFinalEcts(await ctx.loaders.creditsOfCitizen.load(c.id)),
};
