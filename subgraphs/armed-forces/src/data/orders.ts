// Mobilisation orders and their skill requirements.
import { and, asc, eq, getTableColumns, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { afterCursor, territoryByCode, type Db, type Page, rowsByKeys } from '@snn/platform';
import { areaCodesCovering } from './areas';
import { mobilisationOrders, skillRequirements } from './tables';

export type OrderRow = typeof mobilisationOrders.$inferSelect;
export type RequirementRow = typeof skillRequirements.$inferSelect;

export interface OrderFilter {
  areaCodes?: string[];
  kind?: OrderRow['kind'];
  status?: OrderRow['status'];
}

function whereOf(f: OrderFilter): SQL | undefined {
  return and(
    f.areaCodes ? inArray(mobilisationOrders.areaCode, f.areaCodes) : undefined,
    f.kind ? eq(mobilisationOrders.kind, f.kind) : undefined,
    f.status ? eq(mobilisationOrders.status, f.status) : undefined,
  );
}

export function listOrders(db: Db, filter: OrderFilter, page: Page): Promise<OrderRow[]> {
  return db
    .select()
    .from(mobilisationOrders)
    .where(and(whereOf(filter), afterCursor(mobilisationOrders.id, page)))
    .orderBy(asc(mobilisationOrders.id))
    .limit(page.first + 1);
}

export async function countOrders(db: Db, filter: OrderFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mobilisationOrders)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const ordersByIdsQuery = rowsByKeys(mobilisationOrders, mobilisationOrders.id);
export function ordersByIds(db: Db, ids: readonly string[]): Promise<OrderRow[]> {
  return ordersByIdsQuery(db, ids);
}

const requirementsOfOrdersQuery = rowsByKeys(skillRequirements, skillRequirements.orderId, [asc(skillRequirements.skillCode)]);
export function requirementsOfOrders(db: Db, orderIds: readonly string[]): Promise<RequirementRow[]> {
  return requirementsOfOrdersQuery(db, orderIds);
}

/**
 * (territory, area) pairs as an inline table: a territory is covered by several areas (itself, its
 * region), so a batch of territories joins it to the orders in one statement.
 */
function coverageOf(territoryCodes: readonly string[]): SQL | null {
  const pairs = territoryCodes.flatMap((code) => {
    const t = territoryByCode(code);
    return t ? areaCodesCovering(t).map((area) => sql`(${code}::text, ${area}::text)`) : [];
  });
  return pairs.length ? sql`(values ${sql.join(pairs, sql`, `)}) as coverage(territory_code, area_code)` : null;
}

export type CoveringOrderRow = OrderRow & { territoryCode: string };

/** Up to page.first + 1 orders covering each territory, by order id, in one statement. */
export async function ordersCoveringTerritories(db: Db, territoryCodes: readonly string[], page: Page): Promise<CoveringOrderRow[]> {
  const coverage = coverageOf(territoryCodes);
  if (!coverage) return [];
  const ranked = db
    .select({
      ...getTableColumns(mobilisationOrders),
      territoryCode: sql<string>`coverage.territory_code`.as('territory_code'),
      pageRank: sql<number>`row_number() over (partition by coverage.territory_code order by ${mobilisationOrders.id})`.as('page_rank'),
    })
    .from(mobilisationOrders)
    .innerJoin(coverage, sql`${mobilisationOrders.areaCode} = coverage.area_code`)
    .where(afterCursor(mobilisationOrders.id, page))
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(lte(ranked.pageRank, page.first + 1))
    .orderBy(ranked.pageRank);
  return rows as unknown as CoveringOrderRow[];
}

export async function countOrdersCoveringTerritories(db: Db, territoryCodes: readonly string[]): Promise<Map<string, number>> {
  const coverage = coverageOf(territoryCodes);
  if (!coverage) return new Map();
  const rows = await db
    .select({ territoryCode: sql<string>`coverage.territory_code`, n: sql<number>`count(*)::int` })
    .from(mobilisationOrders)
    .innerJoin(coverage, sql`${mobilisationOrders.areaCode} = coverage.area_code`)
    .groupBy(sql`coverage.territory_code`);
  return new Map(rows.map((r) => [r.territoryCode, Number(r.n)]));
}
