// Seeds each subgraph's database once per test run and keeps it as a template: test files then
// clone it (PGlite: loadDataDir of a dump; PostgreSQL: CREATE DATABASE … TEMPLATE) instead of
// running initdb, migrations and the seed again. See tests/helpers/federation.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, prepareDatabase } from '@snn/platform';
import { createTestDatabase, testDatabaseKind } from '@snn/platform/testing';
import { DEFINITIONS, TEST_UNIVERSE } from './helpers/subgraphs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Per subgraph: a PGlite dump file, or the name of a PostgreSQL template database. */
    templates: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const templates: Record<string, string> = {};
  const cleanups: Array<() => Promise<void>> = [];
  if (testDatabaseKind() === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snn-templates-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    for (const def of DEFINITIONS) {
      const database = await openDatabase({ kind: 'pglite' });
      await prepareDatabase(def, { database, seed: TEST_UNIVERSE });
      const file = path.join(dir, `${def.name}.tar`);
      writeFileSync(file, Buffer.from(await (await database.dump()).arrayBuffer()));
      await database.close();
      templates[def.name] = file;
    }
  } else {
    for (const def of DEFINITIONS) {
      const testDb = await createTestDatabase(`tpl_${def.name}`);
      const database = await openDatabase(testDb.options);
      await prepareDatabase(def, { database, seed: TEST_UNIVERSE });
      await database.close();
      templates[def.name] = new URL((testDb.options as { url: string }).url).pathname.slice(1);
      cleanups.push(testDb.drop);
    }
  }
  project.provide('templates', templates);
  return async () => {
    for (const cleanup of cleanups) await cleanup();
  };
}
