import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { OrderRow, RequirementRow } from '../data/orders';
import type { Answer, ResponseRow } from '../data/responses';
import { asDateTime } from './dates';
import { skillOf } from './skills';

export const MobilisationOrder = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.order.load(ref.id),
  area: (o: OrderRow) => ({ code: o.areaCode }),
  issuedAt: (o: OrderRow) => asDateTime(o.issuedAt),
  deadline: (o: OrderRow) => asDateTime(o.deadline),
  requirements: (o: OrderRow, _: unknown, ctx: Context) => ctx.loaders.requirementsOfOrder.load(o.id),
  responses: async (o: OrderRow, args: PageArgs & { answer?: Answer | null }, ctx: Context) => {
    const page = pageOf(args, 'ResponseOfOrder');
    const answer = args.answer ?? null;
    const rows = await ctx.loaders.responsesOfOrder.for({ page, answer }).load(o.id);
    return {
      ...toConnection(rows, page, (row) => row.reservistId),
      totalCount: () => ctx.loaders.responseCountOfOrder.for({ answer }).load(o.id),
    };
  },
};

export const SkillRequirement = {
  skill: (r: RequirementRow) => skillOf(r.skillCode),
};

export const MobilisationResponse = {
  order: (r: ResponseRow, _: unknown, ctx: Context) => ctx.loaders.order.load(r.orderId),
  reservist: (r: ResponseRow, _: unknown, ctx: Context) => ctx.loaders.reservist.load(r.reservistId),
  respondedAt: (r: ResponseRow) => asDateTime(r.respondedAt),
};
