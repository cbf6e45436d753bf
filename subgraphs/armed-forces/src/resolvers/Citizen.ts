import type { GraphQLResolveInfo } from 'graphql';
import { citizenReference, selectsField, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { clearanceOn } from '../data/clearances';
import type { InvitationRow } from '../data/invitations';

export const Citizen = {
  // Education owns the citizen: any id is a citizen here, whose reservist profile may be null.
  __resolveReference: citizenReference,
  reservist: (c: { id: string }, _: unknown, ctx: Context, info: GraphQLResolveInfo) =>
    (selectsField(info, 'skills') ? ctx.loaders.reservistWithSkillsOfCitizen : ctx.loaders.reservistOfCitizen).load(c.id),
  reserveInvitation: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.reserveInvitationOfCitizen.load(c.id),
  securityClearance: async (c: { id: string }, _: unknown, ctx: Context) => clearanceOn(await ctx.loaders.clearanceOfCitizen.load(c.id), todayInFrance()),
};

export const ReserveInvitation = {
  // The day in France (Europe/Paris), as every other day of the service: the UTC date was the day before after 23:00 or 22:00 UTC.
  invitedOn: (i: InvitationRow) => todayInFrance(i.invitedAt),
};
