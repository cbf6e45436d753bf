import { ownerFilter, ownRows, citizenReference } from '@snn/platform';
import { issueCredential } from '../data/credentials';
import { requireUai } from '../validation';
import type { Context } from '../context';
import { totalFinalEcts } from '../data/credits';

/** A university signs only its own awards; a ministry with credit:read may ask for any university's. */
export async function credentialOf(ctx: Context, citizenId: string, universityUai: string) {
  const universityId = ownerFilter(ctx.viewer, requireUai(universityUai, 'universityId'), 'credits') as string;
  const issued = await issueCredential(ctx.db, citizenId, universityId);
  return issued && { ...issued, universityId };
}

export const Citizen = {
  // Citizens are education's: any well-formed id is a citizen here, possibly with no credits yet.
  __resolveReference: citizenReference,
  // A university sees only the credits it awarded.
  credits: async (c: { id: string }, _: unknown, ctx: Context) => ownRows(ctx.viewer, await ctx.loaders.creditsOfCitizen.load(c.id), (a) => a.universityId),
  totalEcts: async (c: { id: string }, _: unknown, ctx: Context) =>
    totalFinalEcts(ownRows(ctx.viewer, await ctx.loaders.creditsOfCitizen.load(c.id), (a) => a.universityId)),
  creditCredential: (c: { id: string }, args: { universityId: string }, ctx: Context) => credentialOf(ctx, c.id, args.universityId),
};
