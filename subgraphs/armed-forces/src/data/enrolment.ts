// The reservist's lifecycle, written by the reserve directorate: enrolment (an SNN citizen invited
// once their service was completed, or an outside professional), changes to the engagement and its
// clauses, and trainings that renew certified skills. Each write in one transaction with its audit row.
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { addDays, addMonths, AppError, appendAudit, idempotently, rowsByKeys, rowsOf, violatedUnique, writeEntry, type Db, type Viewer } from '@snn/platform';
import { clearanceOn } from './clearances';
import { daysInYear } from './mobilisation';
import type { ReservistRow } from './reservists';
import { reserveInvitations, reservists, reservistSkills, reservistTrainings, securityClearances } from './tables';

export const RESERVE_WRITE_SCOPES = ['reserve:write'] as const;

/** The reserve is the armed forces' own: a caller acting for an organisation never manages it, whatever its scopes. */
export function assertMayManageReserve(viewer: Viewer): void {
  if (viewer.org !== null) throw new AppError('FORBIDDEN', `a caller acting for an organisation (${viewer.org}) does not manage the reserve`);
}

export interface CertifiedSkill {
  code: string;
  level: number;
  certifiedBy: string;
  certifiedOn: string;
  expiresOn: string;
}

export interface Enrolment {
  /** An SNN citizen (education's id) invited to the reserve; null for an outside professional. */
  citizenId: string | null;
  departmentCode: string;
  engagement: ReservistRow['engagement'];
  contractStart: string;
  contractEnd: string;
  annualDays: number;
  employer: string | null;
  shortNoticeClause: boolean;
  crisisShortNotice: boolean;
  /** A professional's clearance as the security officer decided it; a citizen's comes from securityClearances. */
  clearance: ReservistRow['clearance'];
  skills: CertifiedSkill[];
}

/** Enrols a reservist, once per idempotency key; a citizen must have been invited and enrols once. */
export async function enrolReservist(db: Db, viewer: Viewer, e: Enrolment, key: string, fingerprint: string, today: string): Promise<string> {
  try {
    const { result } = await idempotently(db, { viewer, operation: 'enrolReservist', key, fingerprint }, async (tx) => {
      let clearance = e.clearance;
      if (e.citizenId) {
        const [invited] = await tx.select().from(reserveInvitations).where(eq(reserveInvitations.citizenId, e.citizenId));
        if (!invited)
          throw new AppError('CONFLICT', 'the citizen has not been invited to the reserve: the service must be completed first', {
            field: 'citizenId',
            reason: 'NOT_INVITED',
          });
        const [held] = await tx.select().from(securityClearances).where(eq(securityClearances.citizenId, e.citizenId));
        clearance = clearanceOn(held, today).clearance;
      }
      const id = randomUUID();
      await tx.insert(reservists).values({
        id,
        kind: e.citizenId ? 'CITIZEN' : 'PROFESSIONAL',
        citizenId: e.citizenId,
        engagement: e.engagement,
        clearance,
        departmentCode: e.departmentCode,
        contractStart: e.contractStart,
        contractEnd: e.contractEnd,
        annualDays: e.annualDays,
        shortNoticeClause: e.shortNoticeClause,
        crisisShortNotice: e.crisisShortNotice,
        employer: e.employer,
      });
      if (e.skills.length)
        await tx.insert(reservistSkills).values(
          e.skills.map((s) => ({
            reservistId: id,
            skillCode: s.code,
            level: s.level,
            certifiedBy: s.certifiedBy,
            certifiedOn: s.certifiedOn,
            expiresOn: s.expiresOn,
          })),
        );
      await appendAudit(tx, viewer, [writeEntry('enrolReservist', RESERVE_WRITE_SCOPES, [id])]);
      return { id };
    });
    return result.id;
  } catch (err) {
    if (violatedUnique(err) === 'reservists_citizen_key')
      throw new AppError('CONFLICT', 'the citizen is already a reservist', { field: 'citizenId', reason: 'ALREADY_ENROLLED' });
    throw err;
  }
}

export interface ReservistChange {
  engagement?: ReservistRow['engagement'];
  departmentCode?: string;
  annualDays?: number;
  /** Null clears it. */
  employer?: string | null;
  shortNoticeClause?: boolean;
  crisisShortNotice?: boolean;
  /** A new end of contract (renewal), within five years of its start. */
  contractEnd?: string;
}

/** The reservist's row, locked until the transaction ends; NOT_FOUND naming `field` when there is none. */
async function lockedReservist(tx: Db, id: string, field: string): Promise<ReservistRow> {
  const [row] = await tx.select().from(reservists).where(eq(reservists.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', `reservist "${id}" does not exist`, { field });
  return row;
}

export async function updateReservist(db: Db, viewer: Viewer, id: string, c: ReservistChange): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockedReservist(tx, id, 'id');
    const latest = addDays(addMonths(row.contractStart, 60), -1);
    if (c.contractEnd !== undefined && (c.contractEnd <= row.contractStart || c.contractEnd > latest))
      throw new AppError('BAD_USER_INPUT', `contractEnd must be after the contract's start (${row.contractStart}) and on or before ${latest}`, {
        field: 'contractEnd',
      });
    const values = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
    if (Object.keys(values).length) await tx.update(reservists).set(values).where(eq(reservists.id, id));
    await appendAudit(tx, viewer, [writeEntry('updateReservist', RESERVE_WRITE_SCOPES, [id])]);
  });
}

export interface Training {
  code: string;
  level: number;
  provider: string;
  completedOn: string;
  validUntil: string;
}

/**
 * Records a completed training and renews its skill: certified by the provider on the day, valid
 * until the training's end of validity, at the training's level or the one held if higher.
 */
export async function recordTraining(db: Db, viewer: Viewer, reservistId: string, t: Training): Promise<string> {
  return db.transaction(async (tx) => {
    await lockedReservist(tx, reservistId, 'reservistId');
    const id = randomUUID();
    await tx.insert(reservistTrainings).values({
      id,
      reservistId,
      skillCode: t.code,
      level: t.level,
      provider: t.provider,
      completedOn: t.completedOn,
      validUntil: t.validUntil,
      recordedBy: viewer.sub,
    });
    await tx.execute(sql`insert into reservist_skills (reservist_id, skill_code, level, certified_by, certified_on, expires_on)
      values (${reservistId}, ${t.code}, ${t.level}, ${t.provider}, ${t.completedOn}, ${t.validUntil})
      on conflict (reservist_id, skill_code) do update set level = greatest(reservist_skills.level, excluded.level),
        certified_by = excluded.certified_by, certified_on = excluded.certified_on, expires_on = greatest(reservist_skills.expires_on, excluded.expires_on)`);
    await appendAudit(tx, viewer, [writeEntry('recordTraining', RESERVE_WRITE_SCOPES, [reservistId])]);
    return id;
  });
}

export type TrainingRow = typeof reservistTrainings.$inferSelect;

const trainingsOfReservistsQuery = rowsByKeys(reservistTrainings, reservistTrainings.reservistId, [asc(reservistTrainings.completedOn)]);
export function trainingsOfReservists(db: Db, ids: readonly string[]): Promise<TrainingRow[]> {
  return trainingsOfReservistsQuery(db, ids);
}

/** Days each reservist served, or is committed to, in orders reporting in `year` (the yearly limit's count). */
export async function daysOfYear(db: Db, ids: readonly string[], year: string): Promise<Map<string, number>> {
  const rows = await rowsOf<{ id: string; days: number }>(
    db,
    sql`select r.id, ${daysInYear(sql`r.id`, year)} as days from reservists r where r.id = any(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.days)]));
}
