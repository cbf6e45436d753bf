import type { Context } from '../context';
import type { PreferenceRow } from '../data/preferences';

export const PlacementPreference = {
  // The agency sees every offer it ranked, whatever its status since.
  offer: (p: PreferenceRow, _: unknown, ctx: Context) => ctx.loaders.offer.get(p.offerId),
};
