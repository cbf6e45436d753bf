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
  invitedOn: (i: InvitationRow) => i.invitedAt.toISOString().slice(0, 10),
};
