// Solidarity's share of the demo universe: territories, the UBS catalogue and coverage, the
// basic-income pilots, and the indicator series. Nothing here reads per-citizen data: counts scale
// with universe.citizenCount and population shares, so the seed takes the same time at any scale.
import { BulkWriter, bulkInsert, type Database } from '@snn/platform';
import { type Universe } from '@snn/platform/demo';
import { INDICATORS, UBS_SERVICES } from '../catalogue';
import { basicIncomePilots, indicatorDefinitions, indicatorObservations, territories, ubsCoverage, ubsServices } from '../data/tables';
import { coverageRows } from './coverage';
import { observationRows } from './indicators';
import { pilotRows } from './pilots';
import { territoryRows } from './territories';

export const seedTables = ['indicator_observations', 'indicator_definitions', 'basic_income_pilots', 'ubs_coverage', 'ubs_services', 'territories'];

export async function seed({ db }: Database, universe: Universe): Promise<void> {
  await bulkInsert(db, territories, territoryRows(universe));
  await bulkInsert(
    db,
    ubsServices,
    UBS_SERVICES.map(({ code, name, domain, description }) => ({ code, name, domain, description })),
  );
  await bulkInsert(
    db,
    indicatorDefinitions,
    INDICATORS.map(({ code, name, unit, source, description }) => ({ code, name, unit, source, description })),
  );
  await bulkInsert(db, basicIncomePilots, pilotRows(universe));

  const coverageWriter = new BulkWriter(db, ubsCoverage);
  for (const row of coverageRows(universe)) await coverageWriter.push(row);
  await coverageWriter.flush();

  const observationWriter = new BulkWriter(db, indicatorObservations);
  for (const row of observationRows(universe)) await observationWriter.push(row);
  await observationWriter.flush();
}
