// Query shapes that every subgraph's data layer needs and that drizzle does not give directly.
import { and, eq, getTableColumns, getTableName, gt, is, sql, type SQL } from 'drizzle-orm';
import { PgEnumColumn, PgEnumObjectColumn, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db';
import { withCompiledRows } from './row-mapping';
import type { Page } from './pagination';
import type { TerritoryScope } from './reference/territories';

/**
 * `column = any($1::type[])` (`$1::text[]::type[]` for an enum, see arrayOf): the keys travel as
 * one array parameter, so the statement text is the same for 1 key or 200 and PostgreSQL parses
 * and plans it once per connection (prepared), where drizzle's inArray writes `in ($1, …, $n)`, a
 * new statement for every batch size.
 */
export function anyOf(column: PgColumn, keys: Keys): SQL {
  return sql`${column} = any(${arrayOf(column, keys)})`;
}

/** A value a prepared query gets at each run (a batch's keys, a page's cursor and size). */
type Placeholder = ReturnType<typeof sql.placeholder>;
/** Keys as values, or as the placeholder of a prepared statement that gets them at each run. */
type Keys = readonly unknown[] | Placeholder;

/**
 * The statement behind most loaders, `select * from table where column = any($keys) order by …`,
 * built once per database as a drizzle prepared query and then run with each batch's keys. drizzle
 * otherwise builds the statement again on every call, which cost about a third of what running
 * it costs on the Node side (124 credit rows: 1.55 ms built each time, 1.25 ms prepared).
 */
export function rowsByKeys<T extends PgTable>(
  table: T,
  column: PgColumn,
  orderBy: SQL[] = [],
): (db: Db, keys: readonly unknown[]) => Promise<T['$inferSelect'][]> {
  return preparedByKeys(`${getTableName(table)}_by_${column.name}`, (db, keys) =>
    db
      .select()
      .from(table as PgTable)
      .where(anyOf(column, keys))
      .orderBy(...orderBy),
  ) as (db: Db, keys: readonly unknown[]) => Promise<T['$inferSelect'][]>;
}

interface Preparable<R> {
  prepare(name: string): { execute(values: { keys: unknown[] }): Promise<R[]> };
}

/**
 * A select of one's own (joins, say) whose keys are `keys` (use it as `anyOf(column, keys)`),
 * prepared as `name` once per database and kept with it (a prepared statement belongs to its
 * connection pool; tests open many databases in one process), its rows mapped by a compiled
 * function (row-mapping.ts), then run with each batch's keys.
 */
export function preparedByKeys<R>(name: string, build: (db: Db, keys: Placeholder) => Preparable<R>): (db: Db, keys: readonly unknown[]) => Promise<R[]> {
  const prepared = new WeakMap<Db, ReturnType<Preparable<R>['prepare']>>();
  return (db, keys) => {
    let query = prepared.get(db);
    if (!query) prepared.set(db, (query = withCompiledRows(build(db, sql.placeholder('keys')).prepare(name))));
    return query.execute({ keys: [...keys] });
  };
}

/**
 * `$1::type[]`: the keys as one parameter, an array of `column`'s type. An enum's keys travel as
 * `$1::text[]::type[]`: PGlite serializes a parameter by the type PostgreSQL describes for it, and
 * knows the array types only of the types that existed when it started, so an enum created by a
 * migration afterwards got its array as `String(keys)` ("A,B", a malformed array literal); a
 * text[] it serializes, and PostgreSQL casts it element-wise. Still one statement, one parameter.
 */
function arrayOf(column: PgColumn, keys: Keys): SQL {
  const param = Array.isArray(keys) ? sql.param([...keys]) : keys;
  const type = sql.raw(column.getSQLType());
  return is(column, PgEnumColumn) || is(column, PgEnumObjectColumn) ? sql`${param}::text[]::${type}[]` : sql`${param}::${type}[]`;
}

/**
 * The first `page.first + 1` rows of each parent, in one statement: the batch function behind a
 * paginated list edge such as `Cohort.enrollments`, so that a page of 200 cohorts costs one query,
 * not 200. A LATERAL subquery per parent reads only its first rows through the (parent, key)
 * index; a window over all the parents' rows sorted them all (40 ms for the offers of 18 regions).
 * Without a `where`, the statement is prepared once per database and shape (with or without a
 * cursor) and its rows mapped by a compiled function: drizzle building and mapping it on every
 * call was a tenth of education's CPU under the roster bench.
 */
export async function pagePerParent<TRow>(
  db: Db,
  table: PgTable,
  parent: PgColumn,
  key: PgColumn,
  parentIds: readonly string[],
  page: Page,
  where?: SQL,
): Promise<TRow[]> {
  if (where) return (await pageQuery(db, table, parent, key, [...parentIds], page.after ?? undefined, page.first + 1, where)) as TRow[];
  const name = `${getTableName(table)}_page_by_${parent.name}_on_${key.name}${page.after ? '_after' : ''}`;
  const prepared = preparedStatement(db, name, () =>
    pageQuery(db, table, parent, key, sql.placeholder('parents'), page.after ? sql.placeholder('after') : undefined, sql.placeholder('limit')),
  );
  return (await prepared.execute({ parents: [...parentIds], after: page.after ?? undefined, limit: page.first + 1 })) as TRow[];
}

type Prepared = { execute(values: Record<string, unknown>): Promise<unknown[]> };
const preparedStatements = new WeakMap<Db, Map<string, Prepared>>();

/** The statement `name` of `db`, built and prepared on first use (rows mapped by a compiled function). */
function preparedStatement(db: Db, name: string, build: () => { prepare(name: string): Prepared }): Prepared {
  let byName = preparedStatements.get(db);
  if (!byName) preparedStatements.set(db, (byName = new Map()));
  let prepared = byName.get(name);
  if (!prepared) byName.set(name, (prepared = withCompiledRows(build().prepare(name))));
  return prepared;
}

function pageQuery(db: Db, table: PgTable, parent: PgColumn, key: PgColumn, parentIds: Keys, after: unknown, limit: number | Placeholder, where?: SQL) {
  const parents = sql`unnest(${arrayOf(parent, parentIds)}) as parents(id)`;
  const top = db
    .select()
    .from(table)
    .where(and(sql`${parent} = parents.id`, after === undefined ? undefined : gt(key, after), where))
    .orderBy(key)
    .limit(limit as number)
    .as('top');
  const fields = Object.fromEntries(Object.keys(getTableColumns(table)).map((name) => [name, (top as unknown as Record<string, PgColumn>)[name]!]));
  return db.select(fields).from(parents).crossJoinLateral(top);
}

/**
 * Row counts per parent in one statement, for `totalCount` on a per-parent connection; prepared
 * once per database when unfiltered, as pagePerParent's pages are.
 */
export async function countPerParent(db: Db, table: PgTable, parent: PgColumn, parentIds: readonly string[], where?: SQL): Promise<Map<string, number>> {
  const rows = (
    where
      ? await countQuery(db, table, parent, [...parentIds], where)
      : await preparedStatement(db, `${getTableName(table)}_count_by_${parent.name}`, () => countQuery(db, table, parent, sql.placeholder('parents'))).execute({
          parents: [...parentIds],
        })
  ) as Array<{ parentId: unknown; count: number }>;
  return new Map(rows.map((r) => [String(r.parentId), Number(r.count)]));
}

function countQuery(db: Db, table: PgTable, parent: PgColumn, parentIds: Keys, where?: SQL) {
  return db
    .select({ parentId: parent, count: sql<number>`count(*)::int` })
    .from(table)
    .where(and(anyOf(parent, parentIds), where))
    .groupBy(parent);
}

/** A keyset page over a whole table: rows after the cursor, in key order, first + 1 of them. */
export function afterCursor(key: PgColumn, page: Page): SQL | undefined {
  return page.after ? gt(key, page.after) : undefined;
}

/** A territory scope as one indexed equality on rows that keep both a département and a region column. */
export function inTerritory(scope: TerritoryScope | undefined, columns: { departmentCode: PgColumn; regionCode: PgColumn }): SQL | undefined {
  if (!scope) return undefined;
  return 'departmentCode' in scope ? eq(columns.departmentCode, scope.departmentCode) : eq(columns.regionCode, scope.regionCode);
}
