// A university publishes a module's credits: up to 10,000 awards judged as a whole, inside one
// transaction, before anything is written. Every faulty row is reported and nothing is written;
// a valid batch writes its awards, their events and one audit row together.
//
// Enrolment comes from this subgraph's copy of education's `education.citizen-enrolled` events,
// never from education's database. The copy's rows of the batch's citizens are locked for the
// transaction: two universities crediting one citizen at once queue there, so the 60-ECTS cap holds.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import {
  AppError,
  anyOf,
  appendAudit,
  bulkInsert,
  emitMany,
  fingerprintOf,
  idempotently,
  isUuid,
  violatedUnique,
  writeEntry,
  type Db,
  type Viewer,
} from '@snn/platform';
import type { CreditStatus } from './credits';
import { parseGrade, type Grade, type GradeRefusal, type GradeScale } from './grades';
import type { ModuleRow } from './modules';
import { writingUniversity } from './moduleWrites';
import { creditAwards, modules, serviceEnrolments } from './tables';

/** What publishCredits answers: PublishCreditsPayload's parent. */
export interface PublishedCredits {
  published: number;
  replayed: boolean;
  awardIds: readonly string[];
}

export const MAX_AWARDS_PER_CALL = 10_000;
/** A citizen's credits for the whole service: one full-time academic year. */
export const SERVICE_ECTS_CAP = 60;
/** Awards per `universities.credits-changed` event. */
export const AWARDS_PER_EVENT = 500;
/** At most this many rows are listed in `extensions.errors` (the count is always given). */
const LISTED_ERRORS = 1_000;

export interface AwardInput {
  citizenId: string;
  ects: number;
  grade: string;
  gradeScale: GradeScale;
  awardedOn: string;
  assessedOn: string | null;
  status: CreditStatus;
}

export type AwardRefusalCode =
  | 'INVALID_CITIZEN_ID'
  | 'NOT_ENROLLED'
  | 'DUPLICATE_IN_REQUEST'
  | 'ALREADY_AWARDED'
  | 'ECTS_OUT_OF_RANGE'
  | 'ECTS_CAP_EXCEEDED'
  | 'AWARDED_IN_FUTURE'
  | 'AWARDED_BEFORE_ENROLMENT'
  | 'ASSESSED_AFTER_AWARD'
  | 'GRADE_INVALID'
  | 'GRADE_NOT_PASSING'
  | 'STATUS_INVALID';

interface RowError {
  row: number;
  field: string;
  code: AwardRefusalCode;
  message: string;
}

/** The module to award: the caller's own (whether it is still active is judged under the key: a retry replays). */
export async function awardingModule(db: Db, universityId: string, code: string): Promise<ModuleRow> {
  const [module] = await db.select().from(modules).where(eq(modules.code, code));
  if (!module) throw new AppError('NOT_FOUND', `Module "${code}" does not exist`, { field: 'moduleCode' });
  if (module.universityId !== universityId) throw new AppError('FORBIDDEN', `a university awards the credits of its own modules only`, { field: 'moduleCode' });
  return module;
}

/** The checks that need nothing but the row, the module and today. */
function rowErrors(a: AwardInput, grade: Grade | GradeRefusal, row: number, module: ModuleRow, today: string): RowError[] {
  const at = (f: string) => `awards[${row}].${f}`;
  const errors: RowError[] = [];
  if (!isUuid(a.citizenId)) errors.push({ row, field: at('citizenId'), code: 'INVALID_CITIZEN_ID', message: 'citizenId must be a UUID' });
  if (!Number.isInteger(a.ects) || a.ects < 1 || a.ects > module.ectsCredits) {
    errors.push({ row, field: at('ects'), code: 'ECTS_OUT_OF_RANGE', message: `ects must be 1 to the module's ${module.ectsCredits}` });
  }
  if (typeof grade === 'string') {
    const message =
      grade === 'GRADE_INVALID' ? `grade "${a.grade}" is not a grade on the ${a.gradeScale} scale` : `grade "${a.grade}" is not a pass: no credits`;
    errors.push({ row, field: at('grade'), code: grade, message });
  }
  if (a.awardedOn > today)
    errors.push({ row, field: at('awardedOn'), code: 'AWARDED_IN_FUTURE', message: `awardedOn ${a.awardedOn} is after today (${today})` });
  if (a.assessedOn !== null && a.assessedOn > a.awardedOn) {
    errors.push({ row, field: at('assessedOn'), code: 'ASSESSED_AFTER_AWARD', message: 'assessedOn must not be after awardedOn' });
  }
  if (a.status === 'REVOKED') errors.push({ row, field: at('status'), code: 'STATUS_INVALID', message: 'an award is published PROVISIONAL or FINAL' });
  return errors;
}

function refused(errors: RowError[]): AppError {
  const first = errors[0] as RowError;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more: see extensions.errors)` : '';
  return new AppError('BAD_USER_INPUT', `${first.field} (row ${first.row}): ${first.message}${more}; nothing was published`, {
    field: first.field,
    reason: first.code,
    errorCount: errors.length,
    errors: errors.slice(0, LISTED_ERRORS).map(({ row, field, code }) => ({ row, field, code })),
  });
}

async function publishIn(tx: Db, viewer: Viewer, module: ModuleRow, awards: readonly AwardInput[], today: string): Promise<string[]> {
  if (module.status === 'RETIRED') {
    throw new AppError('BAD_USER_INPUT', `moduleCode: ${module.code} is retired and awards no new credits`, { field: 'moduleCode', reason: 'MODULE_RETIRED' });
  }
  const grades = awards.map((a) => parseGrade(a.grade, a.gradeScale));
  const errors = awards.flatMap((a, row) => rowErrors(a, grades[row] as Grade | GradeRefusal, row, module, today));
  const citizenIds = [...new Set(awards.map((a) => a.citizenId).filter(isUuid))];
  // Locks every enrolment of the batch's citizens, in one order, so concurrent batches cannot deadlock.
  const enrolled = new Map<string, string>();
  for (const e of await tx
    .select()
    .from(serviceEnrolments)
    .where(anyOf(serviceEnrolments.citizenId, citizenIds))
    .orderBy(asc(serviceEnrolments.enrollmentId))
    .for('update')) {
    const first = enrolled.get(e.citizenId);
    if (first === undefined || e.enrolledOn < first) enrolled.set(e.citizenId, e.enrolledOn);
  }
  const held = new Map<string, number>();
  const hasModule = new Set<string>();
  for (const c of await tx
    .select({ citizenId: creditAwards.citizenId, moduleCode: creditAwards.moduleCode, ects: creditAwards.ectsCredits })
    .from(creditAwards)
    .where(and(anyOf(creditAwards.citizenId, citizenIds), ne(creditAwards.status, 'REVOKED')))) {
    held.set(c.citizenId, (held.get(c.citizenId) ?? 0) + c.ects);
    if (c.moduleCode === module.code) hasModule.add(c.citizenId);
  }
  const seen = new Set<string>();
  awards.forEach((a, row) => {
    if (!isUuid(a.citizenId)) return;
    const field = `awards[${row}].citizenId`;
    const since = enrolled.get(a.citizenId);
    if (since === undefined) return void errors.push({ row, field, code: 'NOT_ENROLLED', message: 'no enrolment in the service is known for this citizen' });
    if (seen.has(a.citizenId)) return void errors.push({ row, field, code: 'DUPLICATE_IN_REQUEST', message: 'the citizen is listed twice' });
    seen.add(a.citizenId);
    if (hasModule.has(a.citizenId))
      return void errors.push({ row, field, code: 'ALREADY_AWARDED', message: `the citizen already holds ${module.code}'s credits` });
    if (a.awardedOn < since) {
      errors.push({
        row,
        field: `awards[${row}].awardedOn`,
        code: 'AWARDED_BEFORE_ENROLMENT',
        message: `awardedOn is before the citizen's enrolment (${since})`,
      });
    }
    const total = (held.get(a.citizenId) ?? 0) + a.ects;
    if (total > SERVICE_ECTS_CAP) {
      errors.push({
        row,
        field: `awards[${row}].ects`,
        code: 'ECTS_CAP_EXCEEDED',
        message: `the citizen would hold ${total} ECTS: the service awards at most ${SERVICE_ECTS_CAP}`,
      });
    }
  });
  if (errors.length > 0) throw refused(errors.sort((x, y) => x.row - y.row));

  const publishedAt = new Date();
  const rows = awards.map((a, row) => {
    // Every grade passed rowErrors: none is a refusal here.
    const grade = grades[row] as Grade;
    return {
      id: randomUUID(),
      citizenId: a.citizenId.toLowerCase(),
      moduleCode: module.code,
      universityId: module.universityId,
      ectsCredits: a.ects,
      grade: grade.value,
      gradeScale: a.gradeScale,
      gradeLetter: grade.letter,
      status: a.status,
      assessedOn: a.assessedOn ?? a.awardedOn,
      awardedOn: a.awardedOn,
      publishedBy: viewer.sub,
      publishedAt,
    };
  });
  await bulkInsert(tx, creditAwards, rows);
  await announce(tx, module.universityId, rows);
  await appendAudit(tx, viewer, [writeEntry('publishCredits', ['credit:publish'], [module.code, ...rows.map((r) => r.id)])]);
  return rows.map((r) => r.id);
}

/** The awards' new state, to education's record of each citizen (universities.credits-changed). */
export async function announce(
  tx: Db,
  universityId: string,
  rows: ReadonlyArray<{ id: string; citizenId: string; moduleCode: string; ectsCredits: number; status: CreditStatus; awardedOn: string }>,
): Promise<void> {
  const events = [];
  for (let start = 0; start < rows.length; start += AWARDS_PER_EVENT) {
    const awards = rows.slice(start, start + AWARDS_PER_EVENT).map((r) => ({
      awardId: r.id,
      citizenId: r.citizenId,
      moduleCode: r.moduleCode,
      ectsCredits: r.ectsCredits,
      status: r.status,
      awardedOn: r.awardedOn,
    }));
    events.push({ aggregateId: universityId, payload: { universityId, awards } });
  }
  await emitMany(tx, 'universities.credits-changed', events);
}

/**
 * Publishes `awards` of `moduleCode` under the request's idempotency key: the new awards' ids, in
 * the order of `awards`. A concurrent batch of another key that credits one of these citizens for
 * this module first makes the retry report ALREADY_AWARDED.
 */
export async function publishCredits(
  db: Db,
  viewer: Viewer,
  req: { moduleCode: string; awards: readonly AwardInput[] },
  key: string,
  today: string,
): Promise<{ ids: string[]; replayed: boolean }> {
  const universityId = await writingUniversity(db, viewer, 'credits');
  const module = await awardingModule(db, universityId, req.moduleCode);
  const normalised = req.awards.map((a) => [a.citizenId.toLowerCase(), a.ects, a.grade.trim(), a.gradeScale, a.awardedOn, a.assessedOn, a.status]);
  const claim = { viewer, operation: 'publishCredits', key, fingerprint: fingerprintOf('publishCredits/v1', [module.code, normalised]) };
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, replayed } = await idempotently(db, claim, (tx) => publishIn(tx, viewer, module, req.awards, today));
      return { ids: result, replayed };
    } catch (err) {
      if (attempt < 3 && violatedUnique(err) === 'credit_awards_once_per_module') continue;
      throw err;
    }
  }
}
