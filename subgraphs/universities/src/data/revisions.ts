// Revising an award: PROVISIONAL → FINAL (the jury confirms, possibly correcting ECTS and grade),
// PROVISIONAL or FINAL → REVOKED. Never a silent overwrite: each change is a credit_revisions row
// with who, when, what and why, written with the award, its event and its audit row.
import { asc, eq } from 'drizzle-orm';
import { AppError, anyOf, appendAudit, badInput, writeEntry, type Db, type Viewer } from '@snn/platform';
import type { CreditAwardRow, CreditStatus } from './credits';
import { gradeLabel, parseGrade } from './grades';
import { announce } from './publishing';
import { creditAwards, creditRevisions, modules } from './tables';

export type RevisionRow = typeof creditRevisions.$inferSelect;
/** One entry of CreditAward.history: a revision, or the publication (nothing before it). */
export type RevisionView = Omit<RevisionRow, 'id' | 'awardId' | 'at' | 'by' | 'fromStatus' | 'ectsBefore' | 'gradeBefore'> & {
  at: Date | null;
  by: string | null;
  fromStatus: CreditStatus | null;
  ectsBefore: number | null;
  gradeBefore: string | null;
};

const LEGAL: Record<CreditStatus, readonly CreditStatus[]> = { PROVISIONAL: ['FINAL', 'REVOKED'], FINAL: ['REVOKED'], REVOKED: [] };

export interface Revision {
  id: string;
  status: CreditStatus;
  ects: number | null;
  grade: string | null;
  reason: string;
}

export async function reviseCreditAward(db: Db, viewer: Viewer, rev: Revision): Promise<CreditAwardRow> {
  return db.transaction(async (tx) => {
    const [award] = await tx.select().from(creditAwards).where(eq(creditAwards.id, rev.id)).for('update');
    // Another university's award looks like a missing one.
    if (!award || (viewer.org !== null && award.universityId !== viewer.org))
      throw new AppError('NOT_FOUND', `CreditAward "${rev.id}" does not exist`, { field: 'id' });
    if (!LEGAL[award.status].includes(rev.status)) {
      throw new AppError('CONFLICT', `the award is ${award.status}: it cannot become ${rev.status}`, { field: 'status', status: award.status });
    }
    if (rev.status === 'REVOKED' && (rev.ects !== null || rev.grade !== null)) {
      throw badInput('a revocation changes neither ects nor grade', rev.ects !== null ? 'ects' : 'grade');
    }
    const changes: Partial<CreditAwardRow> = { status: rev.status };
    if (rev.ects !== null) {
      const [module] = await tx.select({ ects: modules.ectsCredits }).from(modules).where(eq(modules.code, award.moduleCode));
      if (!Number.isInteger(rev.ects) || rev.ects < 1 || rev.ects > (module?.ects ?? 0))
        throw badInput(`ects must be 1 to the module's ${module?.ects}`, 'ects');
      changes.ectsCredits = rev.ects;
    }
    if (rev.grade !== null) {
      const grade = parseGrade(rev.grade, award.gradeScale);
      if (typeof grade === 'string')
        throw new AppError('BAD_USER_INPUT', `grade "${rev.grade}" is not a passing grade on the ${award.gradeScale} scale`, { field: 'grade', reason: grade });
      changes.grade = grade.value;
      changes.gradeLetter = grade.letter;
    }
    const [after] = (await tx.update(creditAwards).set(changes).where(eq(creditAwards.id, award.id)).returning()) as [CreditAwardRow];
    await tx.insert(creditRevisions).values({
      awardId: award.id,
      by: viewer.sub,
      org: viewer.org,
      fromStatus: award.status,
      toStatus: after.status,
      ectsBefore: award.ectsCredits,
      ectsAfter: after.ectsCredits,
      gradeBefore: gradeLabel(award),
      gradeAfter: gradeLabel(after),
      reason: rev.reason,
    });
    await announce(tx, after.universityId, [after]);
    await appendAudit(tx, viewer, [writeEntry('reviseCreditAward', ['credit:publish'], [award.id])]);
    return after;
  });
}

export function revisionsOfAwards(db: Db, awardIds: readonly string[]): Promise<RevisionRow[]> {
  return db.select().from(creditRevisions).where(anyOf(creditRevisions.awardId, awardIds)).orderBy(asc(creditRevisions.id));
}
