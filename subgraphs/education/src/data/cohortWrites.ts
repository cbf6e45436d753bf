// The agency opens, changes and closes intakes. Plain data functions: the input arrives checked
// for shape (validation.ts); the rules that need the database or the day are applied here.
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { addDays, AppError, badInput, fingerprintOf, idempotently, type Db, type Viewer } from '@snn/platform';
import type { CohortInput, CohortChanges } from '../validation';
import type { CohortRow } from './cohorts';
import { COHORT_CAPACITY, endDateRange } from './rules';
import { cohorts, curriculumModules, enrollments } from './tables';
import { audit, lockCohort, seatsTaken } from './writing';

export interface WriteOptions {
  today: string;
  /** INSEE region codes (`R53`) where PILOT cohorts may open. */
  pilotRegions: readonly string[];
}

/** How far ahead an intake may be opened. */
const HORIZON_DAYS = 2 * 366;

function checkDates(startDate: string, endDate: string): void {
  const { earliest, latest } = endDateRange(startDate);
  if (endDate < earliest || endDate > latest) {
    throw badInput(`input.endDate must be 6 to 12 months after the start: from ${earliest} to ${latest}`, 'input.endDate');
  }
}

async function checkCurriculum(tx: Db, track: CohortRow['track'], codes: readonly string[] | null): Promise<void> {
  if (codes === null) return;
  const known = new Map((await tx.select().from(curriculumModules).where(eq(curriculumModules.track, track))).map((m) => [m.code, m]));
  codes.forEach((code, i) => {
    if (!known.has(code)) throw badInput(`input.curriculum[${i}]: "${code}" is not a module of the ${track} track`, `input.curriculum[${i}]`);
  });
}

export async function createCohort(db: Db, viewer: Viewer, input: CohortInput, key: string, options: WriteOptions): Promise<{ id: string; replayed: boolean }> {
  if (input.phase === 'PILOT' && !options.pilotRegions.includes(input.region)) {
    throw badInput(`input.phase: a PILOT cohort opens only in a pilot region (${options.pilotRegions.join(', ')})`, 'input.phase');
  }
  if (input.startDate < options.today) throw badInput(`input.startDate must not be in the past (today is ${options.today})`, 'input.startDate');
  const horizon = addDays(options.today, HORIZON_DAYS);
  if (input.startDate > horizon) throw badInput(`input.startDate must be at most two years ahead (by ${horizon})`, 'input.startDate');
  checkDates(input.startDate, input.endDate);
  const { result, replayed } = await idempotently(
    db,
    { viewer, operation: 'createCohort', key, fingerprint: fingerprintOf('createCohort/v1', input) },
    async (tx) => {
      await checkCurriculum(tx, input.track, input.curriculum);
      const id = randomUUID();
      await tx.insert(cohorts).values({
        id,
        name: input.name,
        track: input.track,
        regionCode: input.region.slice(1),
        phase: input.phase,
        startDate: input.startDate,
        endDate: input.endDate,
        capacity: input.capacity,
        nonGraduatePath: input.nonGraduatePath,
        moduleCodes: input.curriculum,
      });
      await audit(tx, viewer, 'createCohort', [id]);
      return id;
    },
  );
  return { id: result, replayed };
}

export async function updateCohort(db: Db, viewer: Viewer, id: string, changes: CohortChanges, options: Pick<WriteOptions, 'today'>): Promise<CohortRow> {
  return db.transaction(async (tx) => {
    const cohort = await lockCohort(tx, id);
    if (!cohort) throw new AppError('NOT_FOUND', `Cohort "${id}" does not exist`, { field: 'id' });
    const started = options.today >= cohort.startDate;
    const next = { ...cohort };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.nonGraduatePath !== undefined) next.nonGraduatePath = changes.nonGraduatePath;
    if (changes.startDate !== undefined && changes.startDate !== cohort.startDate) {
      const [enrolled] = await tx.select({ n: count() }).from(enrollments).where(eq(enrollments.cohortId, id));
      if (Number(enrolled?.n) > 0)
        throw new AppError('CONFLICT', 'input.startDate: the cohort has enrolled citizens, whose eligibility was judged on this date', {
          field: 'input.startDate',
        });
      if (changes.startDate < options.today) throw badInput(`input.startDate must not be in the past (today is ${options.today})`, 'input.startDate');
      next.startDate = changes.startDate;
    }
    for (const field of ['endDate', 'curriculum'] as const) {
      if (changes[field] !== undefined && started)
        throw new AppError('CONFLICT', `input.${field}: the cohort has started (${cohort.startDate})`, { field: `input.${field}` });
    }
    if (changes.endDate !== undefined) next.endDate = changes.endDate;
    if (changes.curriculum !== undefined) {
      await checkCurriculum(tx, cohort.track, changes.curriculum);
      next.moduleCodes = changes.curriculum;
    }
    checkDates(next.startDate, next.endDate);
    if (changes.capacity !== undefined) {
      const taken = await seatsTaken(tx, id);
      if (changes.capacity < Math.max(taken, COHORT_CAPACITY.min)) {
        throw badInput(`input.capacity must not be below the ${taken} seats already taken`, 'input.capacity');
      }
      next.capacity = changes.capacity;
    }
    const { id: _id, ...values } = next;
    const [row] = await tx.update(cohorts).set(values).where(eq(cohorts.id, id)).returning();
    await audit(tx, viewer, 'updateCohort', [id]);
    return row as CohortRow;
  });
}

/** Closes the intake; an intake already closed stays closed on its first day, and nothing is written. */
export async function closeCohortIntake(db: Db, viewer: Viewer, id: string, options: Pick<WriteOptions, 'today'>): Promise<CohortRow> {
  return db.transaction(async (tx) => {
    const cohort = await lockCohort(tx, id);
    if (!cohort) throw new AppError('NOT_FOUND', `Cohort "${id}" does not exist`, { field: 'id' });
    if (cohort.intakeClosedOn) return cohort;
    const [row] = await tx.update(cohorts).set({ intakeClosedOn: options.today }).where(eq(cohorts.id, id)).returning();
    await audit(tx, viewer, 'closeCohortIntake', [id]);
    return row as CohortRow;
  });
}
