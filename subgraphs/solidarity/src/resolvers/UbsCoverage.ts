import type { Context } from '../context';
import type { UbsCoverageRow } from '../data/ubs';

export const UbsCoverage = {
  service: (c: UbsCoverageRow, _: unknown, ctx: Context) => ctx.loaders.ubsService.load(c.serviceCode),
  territory: (c: UbsCoverageRow, _: unknown, ctx: Context) => ctx.loaders.territory.load(c.territoryCode),
};
