// Query shapes that every subgraph's data layer needs and that drizzle does not give directly.
import { and, eq, getTableColumns, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db';
import type { Page } from './pagination';

/**
 * `column = any($1::type[])`: the keys travel as one array parameter, so the statement text is the
 * same for 1 key or 200 and PostgreSQL parses and plans it once per connection (prepared), where
 * drizzle's inArray writes `in ($1, …, $n)`, a new statement for every batch size.
 */
export function anyOf(column: PgColumn, values: readonly unknown[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
import type { TerritoryScope } from './reference/territories';

/**
 * The first `page.first + 1` rows of each parent, in one statement (a window per parent): the
 * batch function behind a paginated list edge such as `Cohort.enrollments`, so that a page of
 * 200 cohorts costs one query, not 200.
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
  const rank = sql<number>`row_number() over (partition by ${parent} order by ${key})`.as('page_rank');
  const ranked = db
    .select({ ...getTableColumns(table), pageRank: rank })
    .from(table)
    .where(and(anyOf(parent, parentIds), page.after ? gt(key, page.after) : undefined, where))
    .as('ranked');
  const rows = await db.select().from(ranked).where(lte(ranked.pageRank, page.first + 1)).orderBy(ranked.pageRank);
  return rows as unknown as TRow[];
}

/** Row counts per parent in one statement, for `totalCount` on a per-parent connection. */
export async function countPerParent(
  db: Db,
  table: PgTable,
  parent: PgColumn,
  parentIds: readonly string[],
  where?: SQL,
): Promise<Map<string, number>> {
  const rows = await db
    .select({ parentId: parent, count: sql<number>`count(*)::int` })
    .from(table)
    .where(and(anyOf(parent, parentIds), where))
    .groupBy(parent);
  return new Map(rows.map((r) => [String(r.parentId), Number(r.count)]));
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
