import { citizenReference } from '@snn/platform';
import type { Context } from '../context';

export const Citizen = {
  // Education owns the citizen: any id is a citizen here, whose reservist profile may be null.
  __resolveReference: citizenReference,
  reservist: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.reservistOfCitizen.load(c.id),
};
