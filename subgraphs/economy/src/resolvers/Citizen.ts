import type { Context } from '../context';
import { isUuid } from '../validation';

// Education owns citizens: any well-formed id is one, and its economy fields are empty until it applies.
export const Citizen = {
  __resolveReference: (ref: { id: string }) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
  placements: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.placementsOfCitizen.load(c.id),
  applications: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.applicationsOfCitizen.load(c.id),
  priorityHiringRight: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.hiringRightOfCitizen.load(c.id),
};
