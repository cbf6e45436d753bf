// The reserve directorate's writes: thin resolvers over data/. @scopes (reserve:write,
// reserve:mobilise) is checked before these run; a caller acting for an organisation is refused
// whatever its scopes.
import { badInput, notFound, requireInt, requireText, requireUuid, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { assertMayDecideClearances, clearanceOn, setSecurityClearance } from '../data/clearances';
import { assertMayManageReserve, enrolReservist, recordTraining, updateReservist } from '../data/enrolment';
import { amendOrder, assertMayMobilise, callUpOf, cancelOrder, issueOrder, recordDuty, respond, topUpOrder } from '../data/mobilisation';
import {
  MAX_DUTY_DAYS,
  MAX_REASON_LENGTH,
  parseAmendment,
  parseClearanceChange,
  parseEnrolment,
  parseOrderRequest,
  parseReservistChange,
  parseTraining,
  type AmendArgs,
  type EnrolArgs,
  type ReservistChangeArgs,
  type TrainingArgs,
  type ClearanceArgs,
  type OrderArgs,
} from '../validation';

async function orderNamed(ctx: Context, orderId: string) {
  const id = requireUuid(orderId, 'orderId');
  ctx.loaders.order.clear(id);
  return (await ctx.loaders.order.load(id)) ?? Promise.reject(notFound('MobilisationOrder', id));
}

async function reservistNamed(ctx: Context, id: string) {
  ctx.loaders.reservist.clear(id);
  ctx.loaders.skillsOfReservist.clear(id);
  return (await ctx.loaders.reservist.load(id)) ?? Promise.reject(notFound('Reservist', id));
}

interface CallUpArgs {
  orderId: string;
  reservistId: string;
}
const callUpIds = (args: CallUpArgs) => [requireUuid(args.orderId, 'orderId'), requireUuid(args.reservistId, 'reservistId')] as const;

export const Mutation = {
  setSecurityClearance: async (_: unknown, args: ClearanceArgs, ctx: Context) => {
    assertMayDecideClearances(ctx.viewer);
    const today = todayInFrance();
    const { row } = await setSecurityClearance(ctx.db, ctx.viewer, parseClearanceChange(args, today), today);
    return clearanceOn(row, today);
  },
  enrolReservist: async (_: unknown, args: { input: EnrolArgs; idempotencyKey: string }, ctx: Context) => {
    assertMayManageReserve(ctx.viewer);
    const today = todayInFrance();
    const { enrolment, key, fingerprint } = parseEnrolment(args.input, args.idempotencyKey, today);
    return reservistNamed(ctx, await enrolReservist(ctx.db, ctx.viewer, enrolment, key, fingerprint, today));
  },
  updateReservist: async (_: unknown, args: { id: string; input: ReservistChangeArgs }, ctx: Context) => {
    assertMayManageReserve(ctx.viewer);
    const id = requireUuid(args.id);
    await updateReservist(ctx.db, ctx.viewer, id, parseReservistChange(args.input));
    return reservistNamed(ctx, id);
  },
  recordTraining: async (_: unknown, args: TrainingArgs, ctx: Context) => {
    assertMayManageReserve(ctx.viewer);
    const id = requireUuid(args.reservistId, 'reservistId');
    await recordTraining(ctx.db, ctx.viewer, id, parseTraining(args, todayInFrance()));
    return reservistNamed(ctx, id);
  },
  issueMobilisationOrder: async (_: unknown, args: OrderArgs, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const now = new Date();
    const { request, key, fingerprint } = parseOrderRequest(args, now);
    const { id } = await issueOrder(ctx.db, ctx.viewer, request, key, fingerprint, todayInFrance(now));
    return orderNamed(ctx, id);
  },
  topUpMobilisationOrder: async (_: unknown, args: { orderId: string }, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    await topUpOrder(ctx.db, ctx.viewer, requireUuid(args.orderId, 'orderId'), todayInFrance());
    return orderNamed(ctx, args.orderId);
  },
  amendMobilisationOrder: async (_: unknown, args: AmendArgs & { orderId: string }, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const order = await orderNamed(ctx, args.orderId);
    await amendOrder(ctx.db, ctx.viewer, order.id, parseAmendment(args, order.reportDate, new Date()));
    return orderNamed(ctx, order.id);
  },
  cancelMobilisationOrder: async (_: unknown, args: { orderId: string; reason: string }, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const id = requireUuid(args.orderId, 'orderId');
    await cancelOrder(ctx.db, ctx.viewer, id, requireText(args.reason, 'reason', MAX_REASON_LENGTH));
    return orderNamed(ctx, id);
  },
  respondToCallUp: async (_: unknown, args: CallUpArgs & { answer: 'ACCEPTED' | 'DECLINED'; reason?: string | null }, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const [orderId, reservistId] = callUpIds(args);
    if (args.answer === 'DECLINED' && args.reason == null) throw badInput('reason is required to decline', 'reason');
    const reason = args.reason != null ? requireText(args.reason, 'reason', 200) : null;
    await respond(ctx.db, ctx.viewer, orderId, reservistId, args.answer, args.answer === 'DECLINED' ? reason : null);
    return callUpOf(ctx.db, orderId, reservistId);
  },
  reportForDuty: async (_: unknown, args: CallUpArgs, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const [orderId, reservistId] = callUpIds(args);
    await recordDuty(ctx.db, ctx.viewer, orderId, reservistId, { reported: true }, todayInFrance());
    return callUpOf(ctx.db, orderId, reservistId);
  },
  releaseFromDuty: async (_: unknown, args: CallUpArgs & { daysServed: number }, ctx: Context) => {
    assertMayMobilise(ctx.viewer);
    const [orderId, reservistId] = callUpIds(args);
    const daysServed = requireInt(args.daysServed, 'daysServed', { min: 0, max: MAX_DUTY_DAYS });
    await recordDuty(ctx.db, ctx.viewer, orderId, reservistId, { released: true, daysServed }, todayInFrance());
    return callUpOf(ctx.db, orderId, reservistId);
  },
};
