import type { Context } from '../context';
import type { CurriculumModuleRow } from '../data/curriculum';
import type { EnrollmentRow, TransitionView } from '../data/enrollments';
import { curriculumOf } from './Cohort';

/** A citizen's service: `id` is the citizen's (for the audit of its personal fields). */
export interface ServiceRecordSource {
  id: string;
  latest: EnrollmentRow;
  all: readonly EnrollmentRow[];
}

async function cohortOf(r: ServiceRecordSource, _: unknown, ctx: Context) {
  const cohort = await ctx.loaders.cohort.load(r.latest.cohortId);
  if (!cohort) throw new Error('an enrolment points to no cohort');
  return cohort;
}

export const ServiceRecord = {
  enrollment: (r: ServiceRecordSource) => r.latest,
  cohort: cohortOf,
  status: (r: ServiceRecordSource) => r.latest.status,
  startDate: async (r: ServiceRecordSource, _: unknown, ctx: Context) => (await cohortOf(r, _, ctx)).startDate,
  endDate: async (r: ServiceRecordSource, _: unknown, ctx: Context) => (await cohortOf(r, _, ctx)).endDate,
  completedOn: (r: ServiceRecordSource) => r.latest.completedOn,
  history: async (r: ServiceRecordSource, _: unknown, ctx: Context) => {
    const lists = await ctx.loaders.transitionsOfEnrollment.loadMany(r.all.map((e) => e.id));
    const rows = lists.flatMap((l) => (Array.isArray(l) ? l : [])) as TransitionView[];
    return rows.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  },
  modulesPassed: async (r: ServiceRecordSource, _: unknown, ctx: Context) => {
    const passed = new Set((await ctx.loaders.assessmentsOfEnrollment.load(r.latest.id)).filter((a) => a.passed).map((a) => a.moduleCode));
    const modules: CurriculumModuleRow[] = await curriculumOf(await cohortOf(r, _, ctx), ctx);
    return modules.filter((m) => passed.has(m.code));
  },
  // From the universities' events (data/serviceCredits), never from a university at read time.
  totalEcts: (r: ServiceRecordSource, _: unknown, ctx: Context) => ctx.loaders.finalEctsOfCitizen.load(r.id),
};
