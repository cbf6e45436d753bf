// Citizens' security clearances (habilitations): the armed forces decide them, announce each change
// with `armed-forces.clearance-changed` (the placement round keeps offers that need one for the
// cleared) and audit the write, all in one transaction. Plain data functions; nothing here knows GraphQL.
import { and, eq, ne, or, sql } from 'drizzle-orm';
import { AppError, appendAudit, emit, rowsByKeys, writeEntry, type Db, type Viewer } from '@snn/platform';
import { securityClearances } from './tables';

export type SecurityClearanceRow = typeof securityClearances.$inferSelect;
export type ClearanceLevel = SecurityClearanceRow['clearance'];

/** Setting a clearance requires reserve:write (the @scopes of Mutation.setSecurityClearance). */
export const CLEARANCE_WRITE_SCOPES = ['reserve:write'] as const;

/** A clearance as it reads on a day: the clearance and its dates, both null for NONE. */
export interface ClearanceView {
  clearance: ClearanceLevel;
  grantedOn: string | null;
  validUntil: string | null;
}

export const NO_CLEARANCE: ClearanceView = { clearance: 'NONE', grantedOn: null, validUntil: null };

/** What a citizen holds on `today` (YYYY-MM-DD): NONE without a row, after a withdrawal, or past validUntil. */
export function clearanceOn(row: Pick<SecurityClearanceRow, 'clearance' | 'grantedOn' | 'validUntil'> | null | undefined, today: string): ClearanceView {
  if (!row || row.clearance === 'NONE' || row.validUntil === null || row.validUntil < today) return NO_CLEARANCE;
  return { clearance: row.clearance, grantedOn: row.grantedOn, validUntil: row.validUntil };
}

/**
 * Clearances are the armed forces' own decisions: a caller acting for an organisation (a company, a
 * university) never sets one, whatever scopes its token carries.
 */
export function assertMayDecideClearances(viewer: Viewer): void {
  if (viewer.org !== null) throw new AppError('FORBIDDEN', `a caller acting for an organisation (${viewer.org}) does not decide security clearances`);
}

/** A checked request (see validation.ts): validUntil set exactly when the clearance is not NONE. */
export interface ClearanceChange {
  citizenId: string;
  clearance: ClearanceLevel;
  validUntil: string | null;
  reason: string;
}

/**
 * Sets a citizen's clearance, as of `today`. The row, the event and the audit row commit together;
 * the state already held (same clearance and validUntil; NONE for a citizen with no row) writes,
 * emits and audits nothing. Concurrent calls for one citizen queue on its row: each change is
 * announced once, in the order it committed.
 */
export async function setSecurityClearance(
  db: Db,
  viewer: Viewer,
  change: ClearanceChange,
  today: string,
): Promise<{ row: SecurityClearanceRow | null; changed: boolean }> {
  return db.transaction(async (tx) => {
    const values = {
      citizenId: change.citizenId,
      clearance: change.clearance,
      grantedOn: today,
      validUntil: change.validUntil,
      decidedBy: viewer.sub,
      reason: change.reason,
      updatedAt: new Date(),
    };
    const { citizenId: _key, ...changes } = values;
    const differs = or(ne(securityClearances.clearance, change.clearance), sql`${securityClearances.validUntil} is distinct from ${change.validUntil}::date`);
    // A withdrawal only changes a row that holds something: a citizen never cleared gets no row.
    const [written] =
      change.clearance === 'NONE'
        ? await tx
            .update(securityClearances)
            .set(changes)
            .where(and(eq(securityClearances.citizenId, change.citizenId), differs))
            .returning()
        : await tx
            .insert(securityClearances)
            .values(values)
            .onConflictDoUpdate({ target: securityClearances.citizenId, set: changes, setWhere: differs })
            .returning();
    if (!written) {
      const [held] = await tx.select().from(securityClearances).where(eq(securityClearances.citizenId, change.citizenId));
      return { row: held ?? null, changed: false };
    }
    await emit(tx, 'armed-forces.clearance-changed', change.citizenId, {
      citizenId: change.citizenId,
      clearance: written.clearance,
      validUntil: written.validUntil,
    });
    // Last: it takes the audit chain's lock until the transaction ends.
    await appendAudit(tx, viewer, [writeEntry('setSecurityClearance', CLEARANCE_WRITE_SCOPES, [change.citizenId])]);
    return { row: written, changed: true };
  });
}

const clearancesOfCitizensQuery = rowsByKeys(securityClearances, securityClearances.citizenId);
export function clearancesOfCitizens(db: Db, citizenIds: readonly string[]): Promise<SecurityClearanceRow[]> {
  return clearancesOfCitizensQuery(db, citizenIds);
}
