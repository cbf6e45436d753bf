import { pageOf, todayInFrance, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { CohortRow } from '../data/cohorts';
import type { CurriculumModuleRow } from '../data/curriculum';
import type { EnrollmentStatus } from '../data/enrollments';

/** The cohort's own modules in its order, else every module of its track. */
export async function curriculumOf(c: CohortRow, ctx: Context): Promise<CurriculumModuleRow[]> {
  if (!c.moduleCodes) return ctx.loaders.curriculumOfTrack.load(c.track);
  const rows = await ctx.loaders.curriculumModule.loadMany(c.moduleCodes);
  return rows.filter((m): m is CurriculumModuleRow => m != null && !(m instanceof Error));
}

export const Cohort = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.cohort.load(ref.id),
  region: (c: CohortRow) => ({ code: `R${c.regionCode}` }),
  seatsLeft: async (c: CohortRow, _: unknown, ctx: Context) => Math.max(0, c.capacity - (await ctx.loaders.seatsTakenOfCohort.load(c.id))),
  placedCount: (c: CohortRow, _: unknown, ctx: Context) => ctx.loaders.placedCountOfCohort.load(c.id),
  intakeOpen: (c: CohortRow) => c.intakeClosedOn === null && todayInFrance() <= c.startDate,
  curriculum: (c: CohortRow, _: unknown, ctx: Context) => curriculumOf(c, ctx),
  enrollments: async (c: CohortRow, args: PageArgs & { status?: EnrollmentStatus | null }, ctx: Context) => {
    const page = pageOf(args, 'Enrollment');
    const status = args.status ?? null;
    const rows = await ctx.loaders.enrollmentsOfCohort.for({ page, status }).load(c.id);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.enrollmentCountOfCohort.for({ status }).load(c.id),
    };
  },
};
