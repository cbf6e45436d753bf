// A territory filter as the data layer takes it: a département or a whole region, both kept as
// columns on the filtered rows so that either is one indexed equality.
import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export type TerritoryScope = { departmentCode: string } | { regionCode: string };

export function inTerritory(scope: TerritoryScope | undefined, columns: { departmentCode: PgColumn; regionCode: PgColumn }): SQL | undefined {
  if (!scope) return undefined;
  return 'departmentCode' in scope ? eq(columns.departmentCode, scope.departmentCode) : eq(columns.regionCode, scope.regionCode);
}
