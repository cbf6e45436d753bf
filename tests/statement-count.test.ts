// The N+1 guard: the SQL statements a request runs in each subgraph do not grow with the number
// of entities it returns, because every entity reference and list edge goes through a DataLoader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '@snn/platform';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

const CITIZEN_FIELDS = /* GraphQL */ `
  id
  birthDate
  department { name region { name } }
  enrollments { status assessments { score module { title skills { name } } } cohort { name region { name } } }
  reservist { engagement skills { level skill { name } } availability { from to } }
  placements { status offer { title requiredSkills { level skill { name } } organisation { name } } }
  credits { grade module { title university { name } skillsTaught { name } } }
`;

/** A citizen has every relation the query walks: the single-entity case must not skip a loader. */
function isComplete(c: any): boolean {
  return (
    c.enrollments.some((e: any) => e.assessments.length > 0) &&
    c.reservist?.skills.length > 0 &&
    c.reservist.availability.length > 0 &&
    c.placements.length > 0 &&
    c.credits.length > 0
  );
}

/** Statements each subgraph ran for `run`. */
async function statementsOf(run: () => Promise<void>): Promise<Record<SubgraphName, number>> {
  const done = fed.statementsSince();
  await run();
  return done();
}

describe('SQL statements per request', () => {
  it('are the same for 1 citizen and for 200, in every subgraph', async () => {
    let many: any;
    const for200 = await statementsOf(async () => {
      many = await fed.query(`{ citizens(first: 200) { nodes { ${CITIZEN_FIELDS} } } }`);
    });
    expect(many.errors).toBeUndefined();
    expect(many.data.citizens.nodes).toHaveLength(200);
    const complete = many.data.citizens.nodes.find(isComplete);
    expect(complete, 'the test universe holds a citizen with every relation').toBeDefined();

    let one: any;
    const for1 = await statementsOf(async () => {
      one = await fed.query(`query($id: ID!) { citizen(id: $id) { ${CITIZEN_FIELDS} } }`, { id: complete.id });
    });
    expect(one.errors).toBeUndefined();
    expect(one.data.citizen).toEqual(complete);
    expect(for200).toEqual(for1);
  });

  it('are the same for a roster of 1 and of a whole cohort', async () => {
    const { data } = await fed.query(
      '{ cohorts(first: 200, filter: { territory: "R11", startsOnOrBefore: "2025-12-31" }) { nodes { id enrollments(first: 0) { totalCount } } } }',
    );
    const cohort = (data.cohorts.nodes as any[]).sort((a, b) => b.enrollments.totalCount - a.enrollments.totalCount)[0];
    expect(cohort.enrollments.totalCount).toBeGreaterThan(20);
    const roster = `query($id: ID!, $first: Int) { cohort(id: $id) { enrollments(first: $first) { nodes { citizen { ${CITIZEN_FIELDS} } } } } }`;
    const count = async (first: number) => {
      let citizens: any[] = [];
      const statements = await statementsOf(async () => {
        const res = await fed.query(roster, { id: cohort.id, first });
        expect(res.errors).toBeUndefined();
        citizens = res.data.cohort.enrollments.nodes.map((n: any) => n.citizen);
      });
      return { statements, citizens };
    };
    const all = await count(200);
    const completeIndex = all.citizens.findIndex(isComplete);
    expect(completeIndex).toBeGreaterThanOrEqual(0);
    // The first `completeIndex + 1` members include a complete citizen, so every loader runs.
    const few = await count(completeIndex + 1);
    expect(all.statements).toEqual(few.statements);
  });
});
