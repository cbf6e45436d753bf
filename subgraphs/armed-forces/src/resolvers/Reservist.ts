import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { noticeDaysOf, type AvailabilityRow, type ReservistRow, type ReservistSkillRow } from '../data/reservists';
import type { Answer } from '../data/responses';
import { skillOf } from './skills';
import type { TrainingRow } from '../data/enrolment';

export const Reservist = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.reservist.load(ref.id),
  citizen: (r: ReservistRow) => (r.citizenId ? { id: r.citizenId } : null),
  department: (r: ReservistRow) => ({ code: r.departmentCode }),
  contract: (r: ReservistRow) => ({ startDate: r.contractStart, endDate: r.contractEnd, annualDays: r.annualDays }),
  noticeDays: (r: ReservistRow) => noticeDaysOf(r),
  skills: (r: ReservistRow, _: unknown, ctx: Context) => ctx.loaders.skillsOfReservist.load(r.id),
  availability: (r: ReservistRow, _: unknown, ctx: Context) => ctx.loaders.availabilityOfReservist.load(r.id),
  daysThisYear: (r: ReservistRow, _: unknown, ctx: Context) => ctx.loaders.daysThisYearOfReservist.load(r.id),
  trainings: (r: ReservistRow, _: unknown, ctx: Context) => ctx.loaders.trainingsOfReservist.load(r.id),
  responses: async (r: ReservistRow, args: PageArgs & { answer?: Answer | null }, ctx: Context) => {
    const page = pageOf(args, 'ResponseOfReservist');
    const answer = args.answer ?? null;
    const rows = await ctx.loaders.responsesOfReservist.for({ page, answer }).load(r.id);
    return {
      ...toConnection(rows, page, (row) => row.orderId),
      totalCount: () => ctx.loaders.responseCountOfReservist.for({ answer }).load(r.id),
    };
  },
};

export const ReservistSkill = {
  skill: (s: ReservistSkillRow) => skillOf(s.skillCode),
};

export const AvailabilityWindow = {
  from: (w: AvailabilityRow) => w.fromDate,
  to: (w: AvailabilityRow) => w.toDate,
};

export const ReserveTraining = {
  skill: (t: TrainingRow) => skillOf(t.skillCode),
};
