// A university writes its own catalogue: one module, its skills and the audit row in one
// transaction. Upserting is idempotent by nature: the same module again changes nothing.
import { and, eq, ne, sql } from 'drizzle-orm';
import { AppError, appendAudit, violatedUnique, writeEntry, type Db, type Viewer } from '@snn/platform';
import type { ModuleInput } from '../validation';
import type { ModuleRow } from './modules';
import { creditAwards, modules, moduleSkills, universities } from './tables';

/** The university a write acts for: the token's `org`, a known partner university. */
export async function writingUniversity(db: Db, viewer: Viewer, what: string): Promise<string> {
  if (viewer.org === null) throw new AppError('FORBIDDEN', `only a caller acting for a university (org in its token) writes ${what}, for that university`);
  const [known] = await db.select({ id: universities.id }).from(universities).where(eq(universities.id, viewer.org));
  if (!known) throw new AppError('FORBIDDEN', `${viewer.org} is not a partner university`);
  return known.id;
}

export async function upsertModule(db: Db, viewer: Viewer, input: ModuleInput): Promise<{ module: ModuleRow; created: boolean }> {
  const universityId = await writingUniversity(db, viewer, 'modules');
  if (!input.code.startsWith(`${universityId}-`)) {
    throw new AppError('FORBIDDEN', `a university writes its own modules only: codes starting with ${universityId}-`, { field: 'input.code' });
  }
  try {
    return await writeModule(db, viewer, universityId, input);
  } catch (err) {
    // Two first writes of one module at once: the loser's retry finds the winner's row and updates it.
    if (violatedUnique(err) === 'modules_pkey') return writeModule(db, viewer, universityId, input);
    throw err;
  }
}

function writeModule(db: Db, viewer: Viewer, universityId: string, input: ModuleInput): Promise<{ module: ModuleRow; created: boolean }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(modules).where(eq(modules.code, input.code)).for('update');
    const values = {
      title: input.title,
      track: input.track,
      ectsCredits: input.ectsCredits,
      hours: input.hours,
      language: input.language,
      status: input.status,
    };
    let row: ModuleRow;
    if (existing) {
      if (existing.ectsCredits !== input.ectsCredits) {
        const [awarded] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(creditAwards)
          .where(and(eq(creditAwards.moduleCode, input.code), ne(creditAwards.status, 'REVOKED')));
        if (Number(awarded?.n ?? 0) > 0) {
          throw new AppError('CONFLICT', `input.ectsCredits: the module has awarded ${existing.ectsCredits} ECTS to citizens; its credits are fixed`, {
            field: 'input.ectsCredits',
          });
        }
      }
      [row] = (await tx.update(modules).set(values).where(eq(modules.code, input.code)).returning()) as [ModuleRow];
      await tx.delete(moduleSkills).where(eq(moduleSkills.moduleCode, input.code));
    } else {
      [row] = (await tx
        .insert(modules)
        .values({ code: input.code, universityId, ...values })
        .returning()) as [ModuleRow];
    }
    await tx.insert(moduleSkills).values(input.skillsTaught.map((s) => ({ moduleCode: input.code, skillCode: s.skillCode, level: s.level })));
    await appendAudit(tx, viewer, [writeEntry('upsertModule', ['module:write'], [input.code])]);
    return { module: row, created: !existing };
  });
}
