// Mobilisation orders through GraphQL: who the law allows to be called (notice, the short-notice
// clause, crisis consent, yearly days, contract, engagement, area, one duty at a time), the
// over-call allowance, answers and their deadline, top-ups, amendment, cancellation, duty and
// release, idempotent issuing, bad input and who may mobilise. A reserve of our own in Lozère (48),
// where the demo reservists are removed first. The armed-forces subgraph alone over real HTTP on
// port 0 (PGlite, or PostgreSQL with TEST_DATABASE_URL, where the concurrent cases really race).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, bearerWithScopes, postGraphQL, startTestSubgraph, testIssuer, type TestSubgraph } from '@snn/platform/testing';
import armedForces from '../src/server';

let service: TestSubgraph;
let officer: string;
const SKILL = 'ECSF.INCIDENT_RESPONDER';
const today = todayInFrance();
// Orders from March of next year on: their yearly days add up in one calendar year whatever today is.
const nextYear = (monthDay: string) => `${Number(today.slice(0, 4)) + 1}-${monthDay}`;

interface Spec {
  level: number;
  clause?: boolean;
  crisis?: boolean;
  annualDays?: number;
  contractEnd?: string;
  engagement?: 'ACTIVE' | 'PASSIVE';
  department?: string;
}
/** Our reservists by name; ids sort in name order (R1 < R2 …), the search's last tie-break. */
const SPECS: Record<string, Spec> = {
  R1: { level: 5 },
  R2: { level: 4, clause: true },
  R3: { level: 3, crisis: true },
  R4: { level: 2, clause: true, crisis: true },
  R5: { level: 4, clause: true, crisis: true, annualDays: 10 },
  R6: { level: 4, clause: true, crisis: true, contractEnd: addDays(today, 30) },
  R7: { level: 4, engagement: 'PASSIVE' },
  R8: { level: 5, clause: true, crisis: true, department: '75' },
};
const ids: Record<string, string> = {};
const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];

const ISSUE = `mutation($kind: MobilisationKind!, $req: [RequirementInput!]!, $area: ID!, $at: Date!, $days: Int!, $deadline: DateTime!, $over: Int, $key: ID!) {
  issueMobilisationOrder(kind: $kind, issuedBy: "COMCYBER", motive: "Attaque par rançongiciel", duty: "Réponse à incident", requirements: $req,
    area: $area, reportAt: $at, durationDays: $days, deadline: $deadline, overCallPercent: $over, idempotencyKey: $key) {
    id reference status fillRate requirements { count called accepted declined pending silent fillRate }
    responses(first: 50) { nodes { reservist { id } answer pending requirement { code } } } } }`;
const ORDER = `query($id: ID!) { mobilisationOrder(id: $id) { status fillRate cancelledReason
  requirements { count called accepted declined pending silent fillRate }
  responses(first: 50) { nodes { reservist { id } answer pending declineReason reportedAt releasedAt daysServed } } } }`;
const RESPOND = `mutation($o: ID!, $r: ID!, $a: CallUpAnswer!, $reason: String) { respondToCallUp(orderId: $o, reservistId: $r, answer: $a, reason: $reason) { answer respondedAt declineReason } }`;
const TOP_UP = `mutation($o: ID!) { topUpMobilisationOrder(orderId: $o) { requirements { called } } }`;

let order = 0;
async function issue(vars: Record<string, unknown>, token = officer) {
  return postGraphQL(
    service.url,
    ISSUE,
    {
      kind: 'CRISIS',
      req: [{ skill: SKILL, minLevel: 3, count: 1 }],
      area: '48',
      days: 14,
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      over: 100,
      key: `order-${++order}-${randomUUID()}`,
      ...vars,
    },
    token,
  );
}
const called = (o: any): string[] => o.responses.nodes.map((n: any) => nameOf(n.reservist.id)).sort();
const readOrder = async (id: string) => (await postGraphQL(service.url, ORDER, { id }, officer)).body.data.mobilisationOrder;
const audits = async (field: string) =>
  (await rowsOf<{ n: number }>(service.database.db, sql`select count(*)::int as n from audit_log where field = ${`Mutation.${field}`}`))[0]!.n;

beforeAll(async () => {
  service = await startTestSubgraph(armedForces, { citizens: 1500, seed: 5 });
  officer = await bearer('armed-forces');
  const db = service.database.db;
  await db.execute(sql`delete from reservists where department_code = '48'`);
  // The demo's orders out of the way: the figures below are this file's orders alone.
  await db.execute(sql`delete from mobilisation_orders`);
  for (const [name, s] of Object.entries(SPECS)) {
    const id = `00000000-0000-4000-8000-00000000000${name.slice(1)}`;
    ids[name] = id;
    await db.execute(sql`insert into reservists (id, kind, engagement, clearance, department_code, contract_start, contract_end, annual_days, short_notice_clause, crisis_short_notice)
      values (${id}, 'PROFESSIONAL', ${s.engagement ?? 'ACTIVE'}, 'NONE', ${s.department ?? '48'}, ${addDays(today, -100)}, ${s.contractEnd ?? addDays(today, 700)},
        ${s.annualDays ?? 30}, ${s.clause ?? false}, ${s.crisis ?? false})`);
    await db.execute(sql`insert into reservist_skills (reservist_id, skill_code, level, certified_by, certified_on, expires_on)
      values (${id}, ${SKILL}, ${s.level}, 'COMCYBER', ${addDays(today, -50)}, ${addDays(today, 900)})`);
  }
});
afterAll(async () => {
  await service?.stop();
});

describe('a mobilisation order', () => {
  it('calls in a crisis at five days only those who agreed to it, within the over-call allowance', async () => {
    const res = await issue({ at: addDays(today, 5), days: 1 });
    expect(res.body.errors).toBeUndefined();
    const o = res.body.data.issueMobilisationOrder;
    expect(o.status).toBe('ISSUED');
    expect(o.reference).toMatch(/^COMCYBER-\d{4}-CR-\d{2}$/);
    // R1, R2, R7 did not agree to short notice; R4 is below the level; R8 reports in Paris. Of R3,
    // R5 and R6, the two level-4 ones rank first and fill the allowance of 2 (1 needed, +100 %).
    expect(called(o)).toEqual(['R5', 'R6']);
    expect(o.requirements).toEqual([{ count: 1, called: 2, accepted: 0, declined: 0, pending: 2, silent: 0, fillRate: 0 }]);
    expect(o.responses.nodes[0]).toMatchObject({ answer: 'SILENT', pending: true, requirement: { code: SKILL } });
  });

  it('calls for an exercise on 20 days only ACTIVE reservists with the short-notice clause', async () => {
    const o = (await issue({ kind: 'EXERCISE', at: addDays(today, 20), days: 1 })).body.data.issueMobilisationOrder;
    expect(o.reference).toMatch(/-EX-/);
    expect(called(o)).toEqual(['R2', 'R5']);
  });

  it('ranks by level, keeps to the allowance and the yearly days, tops up after a refusal, never calls twice', async () => {
    // R5's 10 yearly days are fewer than these 14; R6's contract ends before.
    const o = (await issue({ at: nextYear('03-02'), over: 0, req: [{ skill: SKILL, minLevel: 3, count: 2 }] })).body.data.issueMobilisationOrder;
    // R1 (level 5) first, then the level-4 ties R2 and R7 (PASSIVE: callable in a crisis) by id.
    expect(called(o)).toEqual(['R1', 'R2']);
    const refused = await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R1, a: 'DECLINED' }, officer);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R1, a: 'DECLINED', reason: 'employeur' }, officer)).body.errors).toBeUndefined();
    expect((await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R2, a: 'ACCEPTED' }, officer)).body.errors).toBeUndefined();
    // The same answer again changes nothing; another is a conflict.
    expect((await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R2, a: 'ACCEPTED' }, officer)).body.errors).toBeUndefined();
    const changed = await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R2, a: 'DECLINED', reason: 'x' }, officer);
    expect(changed.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });
    const stranger = await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R8, a: 'ACCEPTED' }, officer);
    expect(stranger.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Concurrent top-ups: one place freed (R1 declined), so one more call-up, the next in rank.
    const tops = await Promise.all([1, 2, 3].map(() => postGraphQL(service.url, TOP_UP, { o: o.id }, officer)));
    expect(tops.every((t) => t.body.errors === undefined)).toBe(true);
    const after = await readOrder(o.id);
    expect(called(after)).toEqual(['R1', 'R2', 'R7']);
    expect(after.requirements).toEqual([{ count: 2, called: 3, accepted: 1, declined: 1, pending: 1, silent: 0, fillRate: 0.5 }]);
    expect(after.fillRate).toBe(0.5);
    expect(after.responses.nodes.find((n: any) => n.reservist.id === ids.R1).declineReason).toBe('employeur');

    // R2 (accepted) and R7 (not yet answered) hold 14 days of the year: twenty more would pass their 30.
    const april = (await issue({ at: nextYear('04-01'), days: 20, over: 0, req: [{ skill: SKILL, minLevel: 3, count: 5 }] })).body.data.issueMobilisationOrder;
    expect(called(april)).toEqual(['R1', 'R3']);
    expect(await audits('issueMobilisationOrder')).toBe(4);
    expect(await audits('respondToCallUp')).toBe(2);
    expect(await audits('topUpMobilisationOrder')).toBe(3);
  });

  it('loses no answer given concurrently', async () => {
    const o = (await issue({ at: nextYear('05-04'), days: 1, over: 100, req: [{ skill: SKILL, minLevel: 2, count: 3 }] })).body.data.issueMobilisationOrder;
    const names = called(o);
    expect(names).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R7']);
    const answers = await Promise.all(names.map((n) => postGraphQL(service.url, RESPOND, { o: o.id, r: ids[n], a: 'ACCEPTED' }, officer)));
    expect(answers.every((a) => a.body.errors === undefined)).toBe(true);
    const after = await readOrder(o.id);
    expect(after.requirements[0]).toMatchObject({ accepted: 6, pending: 0, fillRate: 2 });
    expect(after.fillRate).toBe(1);
  });

  it('stays SILENT past its deadline: answers and top-ups are refused until it is amended', async () => {
    const o = (await issue({ at: nextYear('06-01'), deadline: new Date(Date.now() + 1500).toISOString() })).body.data.issueMobilisationOrder;
    expect(called(o)).toEqual(['R2', 'R7']);
    await new Promise((r) => setTimeout(r, 1800));
    const late = await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R2, a: 'ACCEPTED' }, officer);
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEADLINE_PASSED' });
    const read = await readOrder(o.id);
    expect(read.responses.nodes[0]).toMatchObject({ answer: 'SILENT', pending: false });
    expect(read.requirements[0]).toMatchObject({ called: 2, silent: 2, pending: 0 });
    const top = await postGraphQL(service.url, TOP_UP, { o: o.id }, officer);
    expect(top.body.errors?.[0]?.extensions?.reason).toBe('DEADLINE_PASSED');
    const AMEND = `mutation($o: ID!, $d: DateTime, $req: [RequirementCountInput!]) { amendMobilisationOrder(orderId: $o, deadline: $d, requirements: $req) { requirements { count } } }`;
    const amended = await postGraphQL(
      service.url,
      AMEND,
      { o: o.id, d: new Date(Date.now() + 86_400_000).toISOString(), req: [{ skill: SKILL, count: 2 }] },
      officer,
    );
    expect(amended.body.errors).toBeUndefined();
    expect(amended.body.data.amendMobilisationOrder.requirements).toEqual([{ count: 2 }]);
    const unknown = await postGraphQL(service.url, AMEND, { o: o.id, req: [{ skill: 'ECF.B.3', count: 2 }] }, officer);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requirements[0].skill' });
    expect(await audits('amendMobilisationOrder')).toBe(1);
  });

  it('once cancelled, holds nobody: its days and dates are free again', async () => {
    const [april] = await rowsOf<{ id: string }>(service.database.db, sql`select id from mobilisation_orders where report_date = ${nextYear('04-01')}`);
    const CANCEL = `mutation($o: ID!) { cancelMobilisationOrder(orderId: $o, reason: "Menace levée") { status cancelledReason } }`;
    expect((await postGraphQL(service.url, CANCEL, { o: april!.id }, officer)).body.data.cancelMobilisationOrder).toEqual({
      status: 'CANCELLED',
      cancelledReason: 'Menace levée',
    });
    const answer = await postGraphQL(service.url, RESPOND, { o: april!.id, r: ids.R1, a: 'ACCEPTED' }, officer);
    expect(answer.body.errors?.[0]?.extensions?.reason).toBe('NOT_ISSUED');
    // The same duty again: R1 and R3 would otherwise be busy on those days and past their 30.
    const again = (await issue({ at: nextYear('04-01'), days: 20, over: 0, req: [{ skill: SKILL, minLevel: 3, count: 5 }] })).body.data.issueMobilisationOrder;
    expect(called(again)).toEqual(['R1', 'R3']);
  });

  it('is reported for and released from', async () => {
    const o = (await issue({ at: today, days: 3, over: 0, deadline: new Date(Date.now() + 30_000).toISOString() })).body.data.issueMobilisationOrder;
    expect(called(o)).toEqual(['R5']);
    const DUTY = `mutation($o: ID!, $r: ID!) { reportForDuty(orderId: $o, reservistId: $r) { reportedAt } }`;
    const RELEASE = `mutation($o: ID!, $r: ID!, $d: Int!) { releaseFromDuty(orderId: $o, reservistId: $r, daysServed: $d) { releasedAt daysServed } }`;
    const early = await postGraphQL(service.url, DUTY, { o: o.id, r: ids.R5 }, officer);
    expect(early.body.errors?.[0]?.extensions?.reason).toBe('NOT_ACCEPTED');
    await postGraphQL(service.url, RESPOND, { o: o.id, r: ids.R5, a: 'ACCEPTED' }, officer);
    const unreported = await postGraphQL(service.url, RELEASE, { o: o.id, r: ids.R5, d: 2 }, officer);
    expect(unreported.body.errors?.[0]?.extensions?.reason).toBe('NOT_REPORTED');
    expect((await postGraphQL(service.url, DUTY, { o: o.id, r: ids.R5 }, officer)).body.data.reportForDuty.reportedAt).toBeTruthy();
    const tooLong = await postGraphQL(service.url, RELEASE, { o: o.id, r: ids.R5, d: 4 }, officer);
    expect(tooLong.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'daysServed' });
    expect((await postGraphQL(service.url, RELEASE, { o: o.id, r: ids.R5, d: 2 }, officer)).body.data.releaseFromDuty.daysServed).toBe(2);
    expect(await audits('reportForDuty')).toBe(1);
    expect(await audits('releaseFromDuty')).toBe(1);
  });

  it('is issued once per idempotency key', async () => {
    const vars = { at: nextYear('09-01'), key: `same-${randomUUID()}`, deadline: new Date(Date.now() + 86_400_000).toISOString() };
    const [a, b] = [await issue(vars), await issue(vars)];
    expect(a.body.errors).toBeUndefined();
    expect(b.body.data.issueMobilisationOrder.id).toBe(a.body.data.issueMobilisationOrder.id);
    expect(called(b.body.data.issueMobilisationOrder)).toEqual(called(a.body.data.issueMobilisationOrder));
    const other = await issue({ ...vars, days: 10 });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
  });

  it('refuses bad input with the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ at: addDays(today, 40), req: [{ skill: 'ECF.Z.9', minLevel: 3, count: 1 }] }, 'requirements[0].skill'],
      [{ at: addDays(today, 40), req: [{ skill: SKILL, minLevel: 6, count: 1 }] }, 'requirements[0].minLevel'],
      [{ at: addDays(today, 40), req: [{ skill: SKILL, minLevel: 3, count: 0 }] }, 'requirements[0].count'],
      [{ at: addDays(today, 40), area: '96' }, 'area'],
      [{ at: addDays(today, 10), kind: 'EXERCISE' }, 'reportAt'],
      [{ at: addDays(today, -1) }, 'reportAt'],
      [{ at: addDays(today, 1), deadline: new Date(Date.now() + 5 * 86_400_000).toISOString() }, 'deadline'],
      [{ at: addDays(today, 40), deadline: new Date(Date.now() - 1000).toISOString() }, 'deadline'],
      [{ at: addDays(today, 40), days: 0 }, 'durationDays'],
      [{ at: addDays(today, 40), over: 101 }, 'overCallPercent'],
      [{ at: addDays(today, 40), key: 'a key with spaces' }, 'idempotencyKey'],
    ];
    for (const [vars, field] of cases) {
      const res = await issue(vars);
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('is issued and answered under reserve:mobilise alone, never for an organisation', async () => {
    const issuer = await testIssuer();
    const forCompany = `Bearer ${await issuer.sign({ sub: 'snn-test:company', scope: 'reserve:read reserve:mobilise', org: '552081317', client_kind: 'company' })}`;
    const tokens = [await bearer('education'), await bearerWithScopes('reserve:read reserve:pii reserve:write'), await bearer('parliament'), forCompany];
    for (const token of tokens) expect((await issue({ at: addDays(today, 40) }, token)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [any] = await rowsOf<{ order_id: string; reservist_id: string }>(
      service.database.db,
      sql`select order_id, reservist_id from mobilisation_responses limit 1`,
    );
    for (const token of tokens) {
      const res = await postGraphQL(service.url, RESPOND, { o: any!.order_id, r: any!.reservist_id, a: 'ACCEPTED' }, token);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('gives call-up figures per kind and year, exercises apart from crises, cancelled orders left out', async () => {
    const FIGURES = `query($kind: MobilisationKind!, $year: Int!) { callUpFigures(kind: $kind, year: $year) { orders needed accepted fillRate } }`;
    const figures = async (kind: string, year: string) =>
      (await postGraphQL(service.url, FIGURES, { kind, year: Number(year) }, await bearer('parliament'))).body.data.callUpFigures;
    // The crisis orders above that still stand: report date, reservists needed, accepted within the need.
    const crises: Array<[string, number, number]> = [
      [addDays(today, 5), 1, 0],
      [nextYear('03-02'), 2, 1],
      [nextYear('05-04'), 3, 3],
      [nextYear('06-01'), 2, 0],
      [nextYear('04-01'), 5, 0],
      [today, 1, 1],
      [nextYear('09-01'), 1, 0],
    ];
    for (const year of new Set(crises.map(([d]) => d.slice(0, 4)))) {
      const mine = crises.filter(([d]) => d.startsWith(year));
      const needed = mine.reduce((n, [, k]) => n + k, 0);
      const met = mine.reduce((n, [, , m]) => n + m, 0);
      expect(await figures('CRISIS', year)).toEqual({ orders: mine.length, needed, accepted: expect.any(Number), fillRate: met / needed });
    }
    // The one exercise (20 days ahead, one reservist needed, none accepted) counts only with exercises.
    const exerciseYear = addDays(today, 20).slice(0, 4);
    expect(await figures('EXERCISE', exerciseYear)).toEqual({ orders: 1, needed: 1, accepted: 0, fillRate: 0 });
  });
});
