import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { CohortRow } from '../data/cohorts';
import type { EnrollmentStatus } from '../data/enrollments';

export const Cohort = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.cohort.load(ref.id),
  region: (c: CohortRow) => ({ code: `R${c.regionCode}` }),
  curriculum: (c: CohortRow, _: unknown, ctx: Context) => ctx.loaders.curriculumOfTrack.load(c.track),
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
