import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { RequirementFill } from '../data/mobilisation';
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
  fillRate: async (o: OrderRow, _: unknown, ctx: Context) => {
    const [requirements, fill] = await Promise.all([ctx.loaders.requirementsOfOrder.load(o.id), ctx.loaders.fillOfOrder.load(o.id)]);
    const needed = requirements.reduce((sum, q) => sum + q.count, 0);
    const met = requirements.reduce((sum, q) => sum + Math.min(q.count, fill.find((f) => f.skillCode === q.skillCode)?.accepted ?? 0), 0);
    return needed === 0 ? 0 : met / needed;
  },
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

const NO_CALL_UP: Omit<RequirementFill, 'orderId' | 'skillCode'> = { called: 0, accepted: 0, declined: 0, silent: 0, pending: 0 };
const fillOf = async (r: RequirementRow, ctx: Context) =>
  (await ctx.loaders.fillOfOrder.load(r.orderId)).find((f) => f.skillCode === r.skillCode) ?? NO_CALL_UP;

export const SkillRequirement = {
  skill: (r: RequirementRow) => skillOf(r.skillCode),
  called: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).called,
  accepted: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).accepted,
  declined: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).declined,
  silent: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).silent,
  pending: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).pending,
  fillRate: async (r: RequirementRow, _: unknown, ctx: Context) => (await fillOf(r, ctx)).accepted / r.count,
};

export const MobilisationResponse = {
  order: (r: ResponseRow, _: unknown, ctx: Context) => ctx.loaders.order.load(r.orderId),
  reservist: (r: ResponseRow, _: unknown, ctx: Context) => ctx.loaders.reservist.load(r.reservistId),
  respondedAt: (r: ResponseRow) => asDateTime(r.respondedAt),
  requirement: (r: ResponseRow) => (r.requirementSkill ? skillOf(r.requirementSkill) : null),
  pending: async (r: ResponseRow, _: unknown, ctx: Context) =>
    r.answer === 'SILENT' && ((await ctx.loaders.order.load(r.orderId))?.deadline.getTime() ?? 0) > Date.now(),
  reportedAt: (r: ResponseRow) => asDateTime(r.reportedAt),
  releasedAt: (r: ResponseRow) => asDateTime(r.releasedAt),
};
