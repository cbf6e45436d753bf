// Mobilisation orders as they are issued, answered, topped up, amended and cancelled: plain data
// functions over the armed-forces database, each write in one transaction with its audit row.
//
// Who is called up: for each requirement in turn, the best reservists of the order's area by the
// reserve search (skills, proximity, availability over the duty), among those the law allows —
// notice of one month, 15 days with the employer's short-notice clause, less only in a CRISIS for
// reservists who agreed to it; the yearly day limit (days served, or committed to, in orders
// reporting that calendar year, plus this duty, within the contract's annual days); no one called
// twice for one order, nor for two duties at once (until released); EXERCISE orders call ACTIVE reservists only.
// An order calls at most ceil(count × (1 + overCallPercent / 100)) per requirement, counting the
// call-ups still open (accepted, or not answered before the deadline).
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { addDays, AppError, appendAudit, daysBetween, idempotently, rowsOf, writeEntry, type Db, type Viewer } from '@snn/platform';
import { departmentCodesOfArea } from './areas';
import type { OrderRow } from './orders';
import { NOTICE_DAYS, SHORT_NOTICE_DAYS } from './reservists';
import type { Answer, ResponseRow } from './responses';
import { bestHitIds, type SkillNeed } from './search';
import { mobilisationOrders, mobilisationResponses, skillRequirements } from './tables';

export const MOBILISE_SCOPES = ['reserve:mobilise'] as const;

export interface RequirementRequest extends SkillNeed {
  count: number;
}

export interface OrderRequest {
  kind: OrderRow['kind'];
  issuedBy: string;
  motive: string;
  duty: string;
  requirements: RequirementRequest[];
  /** API code: a département (`35`) or a region (`R53`). */
  areaCode: string;
  reportDate: string;
  durationDays: number;
  deadline: Date;
  overCallPercent: number;
}

/** Orders are the armed forces' own: a caller acting for an organisation never issues or answers one. */
export function assertMayMobilise(viewer: Viewer): void {
  if (viewer.org !== null) throw new AppError('FORBIDDEN', `a caller acting for an organisation (${viewer.org}) does not mobilise reservists`);
}

/** The duty's last day. */
const lastDayOf = (o: Pick<OrderRow, 'reportDate' | 'durationDays'>) => addDays(o.reportDate, o.durationDays - 1);

/** A call-up (`c` of order `o`) still holding its reservist: accepted, or not answered while the deadline runs. */
export const OPEN_CALL_UP = sql`(c.answer = 'ACCEPTED' or (c.answer = 'SILENT' and o.deadline > now()))`;

/** The law's and the reserve's conditions on reservist `r` for a call-up to `order`, as of `today`. */
function mayBeCalled(order: OrderRow, today: string): SQL {
  const notice = daysBetween(today, order.reportDate);
  const areaDepartments = departmentCodesOfArea(order.areaCode);
  const year = order.reportDate.slice(0, 4);
  const last = lastDayOf(order);
  return sql`r.department_code = any(${sql.param(areaDepartments)}::text[])
    and (${notice}::int >= ${NOTICE_DAYS}::int or (r.short_notice_clause and ${notice}::int >= ${SHORT_NOTICE_DAYS}::int)
         or (${order.kind === 'CRISIS'} and r.crisis_short_notice))
    and not exists (select 1 from mobilisation_responses mine where mine.order_id = ${order.id}::uuid and mine.reservist_id = r.id)
    and not exists (select 1 from mobilisation_responses c join mobilisation_orders o on o.id = c.order_id
      where c.reservist_id = r.id and o.status = 'ISSUED' and ${OPEN_CALL_UP} and c.released_at is null
        and o.report_date <= ${last}::date and o.report_date + o.duration_days - 1 >= ${order.reportDate}::date)
    and ${daysInYear(sql`r.id`, year)} + ${order.durationDays}::int <= r.annual_days`;
}

/**
 * A reservist's days in orders reporting in `year` (YYYY): served, or held by an open call-up (a
 * duty spanning New Year counts in the year it starts). Cancelled orders hold nobody.
 */
export function daysInYear(reservistId: SQL, year: string): SQL {
  return sql`coalesce((select sum(coalesce(c.days_served, o.duration_days)) from mobilisation_responses c join mobilisation_orders o on o.id = c.order_id
      where c.reservist_id = ${reservistId} and o.status in ('ISSUED', 'CLOSED') and to_char(o.report_date, 'YYYY') = ${year}
        and (c.days_served is not null or ${OPEN_CALL_UP})), 0)::int`;
}

export const callsAllowed = (count: number, overCallPercent: number) => Math.ceil((count * (100 + overCallPercent)) / 100);

/**
 * Calls up, for each requirement short of its allowance, the next best reservists the law allows.
 * Runs in the caller's transaction, which holds the order's row; selection across orders queues on
 * one advisory lock, so that two orders never call one reservist for the same days.
 */
async function callUp(tx: Db, order: OrderRow, today: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('armed-forces:call-up'))`);
  const requirements = await rowsOf<{ skill_code: string; min_level: number; count: number; open: number }>(
    tx,
    sql`select q.skill_code, q.min_level, q.count,
          (select count(*)::int from mobilisation_responses c join mobilisation_orders o on o.id = c.order_id
           where c.order_id = q.order_id and c.requirement_skill = q.skill_code and ${OPEN_CALL_UP}) as open
        from skill_requirements q where q.order_id = ${order.id} order by q.skill_code`,
  );
  let called = 0;
  for (const q of requirements) {
    const wanted = callsAllowed(Number(q.count), order.overCallPercent) - Number(q.open);
    if (wanted <= 0) continue;
    const ids = bestHitIds(
      {
        needs: [{ code: q.skill_code, minLevel: Number(q.min_level) }],
        match: 'ALL',
        from: order.reportDate,
        until: lastDayOf(order),
        engagement: order.kind === 'EXERCISE' ? 'ACTIVE' : undefined,
        also: mayBeCalled(order, today),
      },
      wanted,
    );
    const [row] = await rowsOf<{ n: number }>(
      tx,
      sql`with called as (
            insert into mobilisation_responses (order_id, reservist_id, answer, responded_at, requirement_skill, called_at)
            select ${order.id}::uuid, h.id, 'SILENT', null, ${q.skill_code}, now() from ${ids} h
            returning 1)
          select count(*)::int as n from called`,
    );
    called += Number(row?.n ?? 0);
  }
  return called;
}

async function lockedOrder(tx: Db, id: string, mode: 'update' | 'share'): Promise<OrderRow> {
  const [order] = await tx.select().from(mobilisationOrders).where(eq(mobilisationOrders.id, id)).for(mode);
  if (!order) throw new AppError('NOT_FOUND', `mobilisation order "${id}" does not exist`, { field: 'orderId' });
  return order;
}

function assertIssued(order: OrderRow): void {
  if (order.status !== 'ISSUED') throw new AppError('CONFLICT', `order ${order.reference} is ${order.status}`, { field: 'orderId', reason: 'NOT_ISSUED' });
}

/** The next reference of an issuer's series for the year, e.g. COMCYBER-2027-CR-04. */
async function nextReference(tx: Db, r: OrderRequest): Promise<string> {
  const prefix = `${r.issuedBy}-${r.reportDate.slice(0, 4)}-${r.kind === 'CRISIS' ? 'CR' : 'EX'}-`;
  const taken = await rowsOf<{ reference: string }>(tx, sql`select reference from mobilisation_orders where starts_with(reference, ${prefix})`);
  const last = Math.max(0, ...taken.map((t) => Number(t.reference.slice(prefix.length))).filter(Number.isSafeInteger));
  return `${prefix}${String(last + 1).padStart(2, '0')}`;
}

/** Issues an order and calls up its reservists, once per idempotency key. */
export async function issueOrder(
  db: Db,
  viewer: Viewer,
  r: OrderRequest,
  key: string,
  fingerprint: string,
  today: string,
): Promise<{ id: string; replayed: boolean }> {
  const { result, replayed } = await idempotently(db, { viewer, operation: 'issueMobilisationOrder', key, fingerprint }, async (tx) => {
    // One reference series at a time: two orders issued at once would take the same number.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('armed-forces:order-reference'))`);
    const id = randomUUID();
    const [issued] = await tx
      .insert(mobilisationOrders)
      .values({
        id,
        reference: await nextReference(tx, r),
        kind: r.kind,
        status: 'ISSUED',
        issuedBy: r.issuedBy,
        motive: r.motive,
        duty: r.duty,
        areaCode: r.areaCode,
        reportDate: r.reportDate,
        durationDays: r.durationDays,
        issuedAt: new Date(),
        deadline: r.deadline,
        overCallPercent: r.overCallPercent,
        requestedBy: viewer.sub,
      })
      .returning();
    await tx.insert(skillRequirements).values(r.requirements.map((q) => ({ orderId: id, skillCode: q.code, minLevel: q.minLevel, count: q.count })));
    // The new row is this transaction's alone until it commits: no lock to take.
    await callUp(tx, issued as OrderRow, today);
    await appendAudit(tx, viewer, [writeEntry('issueMobilisationOrder', MOBILISE_SCOPES, [id])]);
    return { id };
  });
  return { id: result.id, replayed };
}

/** Calls the next candidates for every requirement short of its allowance (declined or silent call-ups free theirs). */
export async function topUpOrder(db: Db, viewer: Viewer, id: string, today: string): Promise<number> {
  return db.transaction(async (tx) => {
    const order = await lockedOrder(tx, id, 'update');
    assertIssued(order);
    if (order.deadline.getTime() <= Date.now())
      throw new AppError('CONFLICT', `the deadline of ${order.reference} has passed: amend it first`, { field: 'orderId', reason: 'DEADLINE_PASSED' });
    const called = await callUp(tx, order, today);
    await appendAudit(tx, viewer, [writeEntry('topUpMobilisationOrder', MOBILISE_SCOPES, [id])]);
    return called;
  });
}

export interface Amendment {
  motive?: string;
  duty?: string;
  deadline?: Date;
  overCallPercent?: number;
  /** New counts of existing requirements. */
  counts?: Array<{ code: string; count: number }>;
}

/** Changes an issued order (the amendment checked against its report date: validation.ts). */
export async function amendOrder(db: Db, viewer: Viewer, id: string, a: Amendment): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await lockedOrder(tx, id, 'update');
    assertIssued(order);
    await tx.execute(sql`update mobilisation_orders set
        motive = coalesce(${a.motive ?? null}, motive), duty = coalesce(${a.duty ?? null}, duty),
        deadline = coalesce(${a.deadline?.toISOString() ?? null}::timestamptz, deadline),
        over_call_percent = coalesce(${a.overCallPercent ?? null}::int, over_call_percent)
      where id = ${id}`);
    for (const [i, c] of (a.counts ?? []).entries()) {
      const [row] = await rowsOf<{ n: number }>(
        tx,
        sql`with changed as (update skill_requirements set count = ${c.count} where order_id = ${id} and skill_code = ${c.code} returning 1)
            select count(*)::int as n from changed`,
      );
      if (!row || Number(row.n) === 0)
        throw new AppError('BAD_USER_INPUT', `order ${order.reference} has no requirement for ${c.code}`, { field: `requirements[${i}].skill` });
    }
    await appendAudit(tx, viewer, [writeEntry('amendMobilisationOrder', MOBILISE_SCOPES, [id])]);
  });
}

export async function cancelOrder(db: Db, viewer: Viewer, id: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await lockedOrder(tx, id, 'update');
    if (order.status === 'CANCELLED') return;
    if (order.status !== 'ISSUED' && order.status !== 'DRAFT')
      throw new AppError('CONFLICT', `order ${order.reference} is ${order.status}`, { field: 'orderId', reason: 'NOT_ISSUED' });
    await tx.execute(sql`update mobilisation_orders set status = 'CANCELLED', cancelled_reason = ${reason} where id = ${id}`);
    await appendAudit(tx, viewer, [writeEntry('cancelMobilisationOrder', MOBILISE_SCOPES, [id])]);
  });
}

interface CallUpLine {
  answer: Answer;
  reported_at: Date | null;
  released_at: Date | null;
}

/** The call-up's row, locked; the order share-locked, so that a top-up counts answers that have committed. */
async function lockedCallUp(tx: Db, orderId: string, reservistId: string): Promise<{ order: OrderRow; callUp: CallUpLine }> {
  const order = await lockedOrder(tx, orderId, 'share');
  const [callUp] = await rowsOf<CallUpLine>(
    tx,
    sql`select answer, reported_at, released_at from mobilisation_responses where order_id = ${orderId} and reservist_id = ${reservistId} for update`,
  );
  if (!callUp) throw new AppError('NOT_FOUND', `reservist "${reservistId}" was not called up by order ${order.reference}`, { field: 'reservistId' });
  return { order, callUp };
}

/**
 * A reservist's answer, before the deadline. The same answer again changes nothing; another answer
 * once one is recorded is a CONFLICT (the reserve office records a change of mind by hand).
 */
export async function respond(
  db: Db,
  viewer: Viewer,
  orderId: string,
  reservistId: string,
  answer: 'ACCEPTED' | 'DECLINED',
  reason: string | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { order, callUp } = await lockedCallUp(tx, orderId, reservistId);
    assertIssued(order);
    if (callUp.answer === answer) return;
    if (callUp.answer !== 'SILENT')
      throw new AppError('CONFLICT', `the reservist already answered ${callUp.answer}`, { field: 'answer', reason: 'ALREADY_ANSWERED' });
    if (order.deadline.getTime() <= Date.now())
      throw new AppError('CONFLICT', `the deadline of ${order.reference} has passed: the call-up stays SILENT`, {
        field: 'orderId',
        reason: 'DEADLINE_PASSED',
      });
    await tx.execute(sql`update mobilisation_responses set answer = ${answer}, responded_at = now(), decline_reason = ${reason}
      where order_id = ${orderId} and reservist_id = ${reservistId}`);
    await appendAudit(tx, viewer, [writeEntry('respondToCallUp', MOBILISE_SCOPES, [orderId, reservistId])]);
  });
}

/** The reservist reported for duty (from the report date on), or was released after `daysServed` days. */
export async function recordDuty(
  db: Db,
  viewer: Viewer,
  orderId: string,
  reservistId: string,
  step: { reported: true } | { released: true; daysServed: number },
  today: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { order, callUp } = await lockedCallUp(tx, orderId, reservistId);
    assertIssued(order);
    if ('reported' in step) {
      if (callUp.reported_at) return;
      if (callUp.answer !== 'ACCEPTED')
        throw new AppError('CONFLICT', 'only a reservist who accepted reports for duty', { field: 'reservistId', reason: 'NOT_ACCEPTED' });
      if (today < order.reportDate) throw new AppError('CONFLICT', `the duty starts on ${order.reportDate}`, { field: 'orderId', reason: 'NOT_STARTED' });
      await tx.execute(sql`update mobilisation_responses set reported_at = now() where order_id = ${orderId} and reservist_id = ${reservistId}`);
      await appendAudit(tx, viewer, [writeEntry('reportForDuty', MOBILISE_SCOPES, [orderId, reservistId])]);
    } else {
      if (callUp.released_at) return;
      if (!callUp.reported_at) throw new AppError('CONFLICT', 'the reservist has not reported for duty', { field: 'reservistId', reason: 'NOT_REPORTED' });
      if (step.daysServed > order.durationDays)
        throw new AppError('BAD_USER_INPUT', `daysServed must be at most the duty's ${order.durationDays} days`, { field: 'daysServed' });
      await tx.execute(sql`update mobilisation_responses set released_at = now(), days_served = ${step.daysServed}
        where order_id = ${orderId} and reservist_id = ${reservistId}`);
      await appendAudit(tx, viewer, [writeEntry('releaseFromDuty', MOBILISE_SCOPES, [orderId, reservistId])]);
    }
  });
}

export interface RequirementFill {
  orderId: string;
  skillCode: string;
  called: number;
  accepted: number;
  declined: number;
  /** Not answered, deadline passed. */
  silent: number;
  /** Not answered, deadline to come. */
  pending: number;
}

/** Live counts per requirement of a batch of orders, in one statement. */
export async function fillOfOrders(db: Db, orderIds: readonly string[]): Promise<RequirementFill[]> {
  const rows = await rowsOf<{ order_id: string; skill: string; called: number; accepted: number; declined: number; silent: number; pending: number }>(
    db,
    sql`select c.order_id, c.requirement_skill as skill, count(*)::int as called,
          (count(*) filter (where c.answer = 'ACCEPTED'))::int as accepted,
          (count(*) filter (where c.answer = 'DECLINED'))::int as declined,
          (count(*) filter (where c.answer = 'SILENT' and o.deadline <= now()))::int as silent,
          (count(*) filter (where c.answer = 'SILENT' and o.deadline > now()))::int as pending
        from mobilisation_responses c join mobilisation_orders o on o.id = c.order_id
        where c.order_id = any(${sql.param([...orderIds])}::uuid[]) and c.requirement_skill is not null
        group by c.order_id, c.requirement_skill`,
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    skillCode: r.skill,
    called: Number(r.called),
    accepted: Number(r.accepted),
    declined: Number(r.declined),
    silent: Number(r.silent),
    pending: Number(r.pending),
  }));
}

export async function callUpOf(db: Db, orderId: string, reservistId: string): Promise<ResponseRow | null> {
  const [row] = await db
    .select()
    .from(mobilisationResponses)
    .where(and(eq(mobilisationResponses.orderId, orderId), eq(mobilisationResponses.reservistId, reservistId)));
  return row ?? null;
}
