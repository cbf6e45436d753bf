// The reserve's strength as aggregates for the other owners and Parliament: reservists, and those
// available today, per skill family in a territory. Counted from the reserve's own tables on each
// request (a few thousand rows per territory); the materialised, disclosure-controlled indicator
// tables are the indicators issue's.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@snn/platform';
import { daysInYear, OPEN_CALL_UP } from './mobilisation';

/** INSEE's rule: no count built on fewer people is published to a caller outside the reserve. */
export const SMALL_CELL = 11;

/** e-CF areas (A Plan … E Manage) and the ECSF role profiles as one family, named as the API names them. */
export const SKILL_FAMILIES = ['ECF_A', 'ECF_B', 'ECF_C', 'ECF_D', 'ECF_E', 'ECSF'] as const;
export type SkillFamily = (typeof SKILL_FAMILIES)[number];

export interface FamilyFigure {
  family: SkillFamily;
  reservists: number;
  available: number;
}

/**
 * Per family: reservists of the départements holding one of its skills, and of them those
 * available on `today` — ACTIVE, under contract, no open call-up for a duty under way, yearly days
 * left. Exercises and crises alike hold a reservist; a family with none is counted 0.
 */
export async function strengthOf(db: Db, departmentCodes: readonly string[], today: string): Promise<FamilyFigure[]> {
  const rows = await rowsOf<{ family: SkillFamily; reservists: number; available: number }>(
    db,
    sql`with holder as (
          select distinct s.reservist_id, case when s.skill_code like 'ECSF.%' then 'ECSF' else replace(substr(s.skill_code, 1, 5), '.', '_') end as family
          from reservist_skills s join reservists r on r.id = s.reservist_id
          where r.department_code = any(${sql.param([...departmentCodes])}::text[]) and (s.skill_code like 'ECF.%' or s.skill_code like 'ECSF.%')),
        availability as (
          select r.id, (r.engagement = 'ACTIVE' and r.contract_start <= ${today}::date and r.contract_end >= ${today}::date
            and not exists (select 1 from mobilisation_responses c join mobilisation_orders o on o.id = c.order_id
              where c.reservist_id = r.id and o.status = 'ISSUED' and ${OPEN_CALL_UP} and c.released_at is null
                and o.report_date <= ${today}::date and o.report_date + o.duration_days > ${today}::date)
            and ${daysInYear(sql`r.id`, today.slice(0, 4))} < r.annual_days) as available
          from reservists r where r.id in (select reservist_id from holder))
        select h.family, count(*)::int as reservists, (count(*) filter (where a.available))::int as available
        from holder h join availability a on a.id = h.reservist_id group by h.family`,
  );
  const byFamily = new Map(rows.map((r) => [r.family, r]));
  return SKILL_FAMILIES.map((family) => ({
    family,
    reservists: Number(byFamily.get(family)?.reservists ?? 0),
    available: Number(byFamily.get(family)?.available ?? 0),
  }));
}

export interface CallUpFigures {
  orders: number;
  needed: number;
  called: number;
  accepted: number;
  declined: number;
  silent: number;
  /** Accepted call-ups, each requirement counted up to its need, over the reservists needed. */
  fillRate: number | null;
}

/**
 * Orders of one kind reporting in `year` (YYYY), cancelled ones left out: exercises and crises are
 * never added together. Call-ups from before per-requirement selection (demo data) count in
 * called/accepted/declined/silent but not in the fill rate.
 */
export async function callUpFigures(db: Db, kind: 'CRISIS' | 'EXERCISE', year: string): Promise<CallUpFigures> {
  type Line = Record<'orders' | 'needed' | 'met' | 'called' | 'accepted' | 'declined' | 'silent', number>;
  const [row] = await rowsOf<Line>(
    db,
    sql`with o as (select id, deadline from mobilisation_orders where kind = ${kind} and status <> 'DRAFT' and status::text <> 'CANCELLED'
                   and to_char(report_date, 'YYYY') = ${year}),
        q as (select q.order_id, q.skill_code, q.count,
                (select count(*) from mobilisation_responses c where c.order_id = q.order_id and c.requirement_skill = q.skill_code and c.answer = 'ACCEPTED') as accepted
              from skill_requirements q where q.order_id in (select id from o))
        select (select count(*)::int from o) as orders, (select coalesce(sum(count), 0)::int from q) as needed,
          (select coalesce(sum(least(count, accepted)), 0)::int from q) as met, a.called, a.accepted, a.declined, a.silent
        from (select count(*)::int as called,
                (count(*) filter (where c.answer = 'ACCEPTED'))::int as accepted,
                (count(*) filter (where c.answer = 'DECLINED'))::int as declined,
                (count(*) filter (where c.answer = 'SILENT' and o.deadline <= now()))::int as silent
              from mobilisation_responses c join o on o.id = c.order_id) a`,
  );
  const n = (k: keyof Line) => Number(row?.[k] ?? 0);
  return {
    orders: n('orders'),
    needed: n('needed'),
    called: n('called'),
    accepted: n('accepted'),
    declined: n('declined'),
    silent: n('silent'),
    fillRate: n('needed') > 0 ? n('met') / n('needed') : null,
  };
}
