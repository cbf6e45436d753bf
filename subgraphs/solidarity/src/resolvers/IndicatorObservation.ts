import type { Context } from '../context';
import type { ObservationRow } from '../data/indicators';

export const IndicatorObservation = {
  indicator: (o: ObservationRow, _: unknown, ctx: Context) => ctx.loaders.indicatorDefinition.load(o.indicatorCode),
  territory: (o: ObservationRow, _: unknown, ctx: Context) => ctx.loaders.territory.load(o.territoryCode),
};
