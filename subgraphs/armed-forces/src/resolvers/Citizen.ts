import type { GraphQLResolveInfo } from 'graphql';
import { citizenReference, selectsField } from '@snn/platform';
import type { Context } from '../context';

export const Citizen = {
  // Education owns the citizen: any id is a citizen here, whose reservist profile may be null.
  __resolveReference: citizenReference,
  reservist: (c: { id: string }, _: unknown, ctx: Context, info: GraphQLResolveInfo) =>
    (selectsField(info, 'skills') ? ctx.loaders.reservistWithSkillsOfCitizen : ctx.loaders.reservistOfCitizen).load(c.id),
};
