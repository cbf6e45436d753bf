import type { Context } from '../context';
import type { PilotRow } from '../data/pilots';

export const BasicIncomePilot = {
  territory: (p: PilotRow, _: unknown, ctx: Context) => ctx.loaders.territory.load(p.territoryCode),
};
