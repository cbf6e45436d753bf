import type { Context } from '../context';
import type { CitizenRow } from '../data/citizens';
import { latestEnrollment } from '../data/enrollments';

export const Citizen = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.citizen.load(ref.id),
  department: (c: CitizenRow) => ({ code: c.departmentCode }),
  enrollments: (c: CitizenRow, _: unknown, ctx: Context) => ctx.loaders.enrollmentsOfCitizen.load(c.id),
  serviceRecord: async (c: CitizenRow, _: unknown, ctx: Context) => {
    const all = await ctx.loaders.enrollmentsOfCitizen.load(c.id);
    const latest = latestEnrollment(all);
    return latest ? { id: c.id, latest, all } : null;
  },
};
