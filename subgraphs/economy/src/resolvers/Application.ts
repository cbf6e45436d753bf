import type { Context } from '../context';
import type { ApplicationRow } from '../data/applications';

export const Application = {
  citizen: (a: ApplicationRow) => ({ id: a.citizenId }),
  offer: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.offer.load(a.offerId),
};
