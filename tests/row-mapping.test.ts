// Compiled row mapping (platform/src/row-mapping.ts) against drizzle's own, on every table of every
// subgraph as seeded (every column type we use: text, uuid, enums, dates, timestamps, numerics,
// nulls) and on joins: the same query, once mapped by drizzle and once by the compiled function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { withCompiledRows, type SubgraphName } from '@snn/platform';
import * as armedForces from '@snn/armed-forces/data/tables';
import * as economy from '@snn/economy/data/tables';
import * as education from '@snn/education/data/tables';
import * as solidarity from '@snn/solidarity/data/tables';
import * as universities from '@snn/universities/data/tables';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

const TABLES: Record<SubgraphName, Record<string, unknown>> = { 'armed-forces': armedForces, economy, education, solidarity, universities };
let statement = 0;

/** The query's rows as drizzle maps them, and as the compiled mapper does. */
async function bothWays(query: { prepare(name: string): { execute(): Promise<unknown[]> } }) {
  const byDrizzle = await query.prepare(`row_mapping_drizzle_${statement++}`).execute();
  const compiled = await withCompiledRows(query.prepare(`row_mapping_compiled_${statement++}`)).execute();
  return { byDrizzle, compiled };
}

describe('compiled row mapping', () => {
  for (const [subgraph, module] of Object.entries(TABLES) as Array<[SubgraphName, Record<string, unknown>]>) {
    it(`maps every table of ${subgraph} as drizzle does`, async () => {
      const db = fed.subgraphs[subgraph].database.db;
      const tables = Object.values(module).filter((t): t is PgTable => is(t, PgTable));
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        const { byDrizzle, compiled } = await bothWays(
          db
            .select()
            .from(table)
            .orderBy(sql`ctid`)
            .limit(300),
        );
        expect(compiled).toEqual(byDrizzle);
      }
    });
  }

  it('maps inner joins into one object per table, as drizzle does', async () => {
    const { creditAwards, modules, universities: u } = universities;
    const db = fed.subgraphs.universities.database.db;
    const { byDrizzle, compiled } = await bothWays(
      db
        .select({ credit: creditAwards, module: modules, university: u, n: sql<number>`1 + 1` })
        .from(creditAwards)
        .innerJoin(modules, eq(modules.code, creditAwards.moduleCode))
        .innerJoin(u, eq(u.id, modules.universityId))
        .orderBy(asc(creditAwards.id))
        .limit(300),
    );
    expect(byDrizzle.length).toBeGreaterThan(0);
    expect(compiled).toEqual(byDrizzle);
    expect((compiled[0] as { n: number }).n).toBe(2);
  });

  it('leaves an outer join to drizzle, whose absent side is null', async () => {
    const { internshipOffers, placements } = economy;
    const db = fed.subgraphs.economy.database.db;
    // Offers with and without placements: the placement side is null for the latter.
    const { byDrizzle, compiled } = await bothWays(
      db
        .select({ offer: internshipOffers, placement: placements })
        .from(internshipOffers)
        .leftJoin(placements, eq(placements.offerId, internshipOffers.id))
        .orderBy(asc(internshipOffers.id))
        .limit(300),
    );
    expect(byDrizzle.some((r) => (r as { placement: unknown }).placement === null)).toBe(true);
    expect(compiled).toEqual(byDrizzle);
  });
});
