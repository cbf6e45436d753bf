import type { Context } from '../context';
import type { CitizenRow } from '../data/citizens';

export const Citizen = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.citizen.load(ref.id),
  department: (c: CitizenRow) => ({ code: c.departmentCode }),
  enrollments: (c: CitizenRow, _: unknown, ctx: Context) => ctx.loaders.enrollmentsOfCitizen.load(c.id),
};
