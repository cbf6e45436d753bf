// Query.curriculum over real HTTP on a real database (PGlite, or PostgreSQL when TEST_DATABASE_URL
// is set): the modules of a track are looked up by an enum key list (`track = any($1)`).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@snn/platform';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import education from '../src/server';

let service: TestSubgraph;

beforeAll(async () => {
  service = await startTestSubgraph(education, { citizens: 20, seed: 5 });
});
afterAll(async () => {
  await service?.stop();
});

interface Module {
  code: string;
  title: string;
  track: string;
  hours: number;
  skills: Array<{ code: string }>;
}

/** The modules of a track and the skills each teaches, read from the tables, in code order. */
async function modulesOf(track: string): Promise<Module[]> {
  const modules = await rowsOf<Omit<Module, 'skills'>>(
    service.database.db,
    sql`select code, title, track, hours from curriculum_modules where track = ${track} order by code`,
  );
  const skills = await rowsOf<{ module: string; code: string }>(
    service.database.db,
    sql`select module_code as module, skill_code as code from curriculum_module_skills order by skill_code`,
  );
  return modules.map((m) => ({ ...m, skills: skills.filter((s) => s.module === m.code).map(({ code }) => ({ code })) }));
}

describe('Query.curriculum', () => {
  it('answers the modules of each track asked, several tracks batched in one request', async () => {
    const { data, errors } = await service.gql(`{
      cyber: curriculum(track: CYBERSECURITY) { code title track hours skills { code } }
      ai: curriculum(track: AI) { code title track hours skills { code } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.cyber).toEqual(await modulesOf('CYBERSECURITY'));
    expect(data.ai).toEqual(await modulesOf('AI'));
    expect(data.cyber.length).toBeGreaterThan(0);
    expect(data.ai.length).toBeGreaterThan(0);
  });
});
