// The key-list statements of query.ts against a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): over a text column and over an enum column whose type a migration created
// after the database opened, as every subgraph's enums are.
import { asc, sql } from 'drizzle-orm';
import { pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { anyOf, countPerParent, pagePerParent, rowsByKeys } from '../src/query';
import { createTestDatabase, type TestDatabase } from '../src/testing';

const colour = pgEnum('colour', ['RED', 'GREEN', 'BLUE']);
const things = pgTable('things', { id: text('id').primaryKey(), colour: colour('colour').notNull() });
type Thing = typeof things.$inferSelect;

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase('query');
  database = await openDatabase(testDb.options);
  // Created once the database is open, as a migration does.
  await database.db.execute(sql`create type colour as enum ('RED', 'GREEN', 'BLUE')`);
  await database.db.execute(sql`create table things (id text primary key, colour colour not null)`);
  await database.db.insert(things).values([
    { id: 'a', colour: 'RED' },
    { id: 'b', colour: 'GREEN' },
    { id: 'c', colour: 'BLUE' },
    { id: 'd', colour: 'RED' },
  ]);
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const ids = (rows: Thing[]) => rows.map((r) => r.id).sort();

describe('anyOf', () => {
  it('selects by a list of text keys, in one statement with one parameter', async () => {
    const query = database.db
      .select()
      .from(things)
      .where(anyOf(things.id, ['a', 'c', 'z']));
    expect(query.toSQL().params).toEqual([['a', 'c', 'z']]);
    expect(ids(await query)).toEqual(['a', 'c']);
  });

  it('selects by a list of enum keys, in one statement with one parameter', async () => {
    const query = database.db
      .select()
      .from(things)
      .where(anyOf(things.colour, ['RED', 'BLUE']));
    expect(query.toSQL().params).toEqual([['RED', 'BLUE']]);
    expect(ids(await query)).toEqual(['a', 'c', 'd']);
    expect(await database.db.select().from(things).where(anyOf(things.colour, []))).toEqual([]);
  });

  it('keeps prepared statements over an enum column working, for batches of any size', async () => {
    const byColour = rowsByKeys(things, things.colour, [asc(things.id)]);
    expect((await byColour(database.db, ['GREEN'])).map((r) => r.id)).toEqual(['b']);
    expect((await byColour(database.db, ['RED', 'GREEN', 'BLUE'])).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(await byColour(database.db, [])).toEqual([]);
  });

  it('counts and pages per parent when the parent column is an enum', async () => {
    expect(await countPerParent(database.db, things, things.colour, ['RED', 'BLUE'])).toEqual(
      new Map([
        ['RED', 2],
        ['BLUE', 1],
      ]),
    );
    const page = { first: 1, after: null, list: 'things' };
    const rows = await pagePerParent<Thing>(database.db, things, things.colour, things.id, ['RED', 'GREEN'], page);
    expect(ids(rows)).toEqual(['a', 'b', 'd']);
  });
});
