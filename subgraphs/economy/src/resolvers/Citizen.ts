import { AppError, ownRows, citizenReference } from '@snn/platform';
import { requireRound } from '../data/preferences';
import type { Context } from '../context';

// Education owns citizens: any well-formed id is one, and its economy fields are empty until it applies.
export const Citizen = {
  __resolveReference: citizenReference,
  // A company sees a citizen's placements and applications with itself only.
  placements: async (c: { id: string }, _: unknown, ctx: Context) =>
    ownRows(ctx.viewer, await ctx.loaders.placementsOfCitizen.load(c.id), (p) => p.organisationId),
  applications: async (c: { id: string }, _: unknown, ctx: Context) =>
    ownRows(ctx.viewer, await ctx.loaders.applicationsOfCitizen.load(c.id), (a) => a.organisationId),
  priorityHiringRight: (c: { id: string }, _: unknown, ctx: Context) => (ctx.viewer.org === null ? ctx.loaders.hiringRightOfCitizen.load(c.id) : null),
  // Citizens' choices are the agency's to read, never a company's (which holds placement:read too).
  placementPreferences: (c: { id: string }, args: { round: string }, ctx: Context) => {
    if (ctx.viewer.org !== null) throw new AppError('FORBIDDEN', "a citizen's placement preferences are never shown to an organisation");
    return ctx.loaders.preferencesOfCitizen.for({ round: requireRound(args.round) }).load(c.id);
  },
};
