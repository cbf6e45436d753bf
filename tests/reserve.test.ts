// The technology reserve through the gateway, on the demo data and the demo tokens' presets: a
// ranked skill search with its facets (territory names from solidarity), a crisis order issued
// from it, answered, topped up and read back with its live fill; refused to the callers that
// never see a reservist, at the gateway as at the subgraph.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, department, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let forces: string;
beforeAll(async () => {
  fed = await bootFederation();
  forces = await bearer('armed-forces');
});
afterAll(async () => {
  await fed?.stop();
});

async function ok(query: string, variables: Record<string, unknown> = {}, token = forces) {
  const { body } = await postGraphQL(fed.gateway.url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const SEARCH = `query($skills: [SkillNeed!]!, $territory: ID, $after: String) {
  searchReserve(skills: $skills, match: ANY, territory: $territory, first: 5, after: $after) {
    totalCount
    nodes { matchedSkills proximity reservist { id engagement department { code } skills { skill { code name } level } } }
    pageInfo { hasNextPage endCursor }
    facets { territories { territory { code name } count } levels { skill { code name } level count } } } }`;

describe('the reserve through the gateway', () => {
  it('is searched by skill, ranked and paged, with facets for a map', async () => {
    const skills = [
      { skill: 'ECSF.INCIDENT_RESPONDER', minLevel: 2 },
      { skill: 'ECF.B.3', minLevel: 2 },
    ];
    const { searchReserve } = await ok(SEARCH, { skills, territory: '75' });
    expect(searchReserve.totalCount).toBeGreaterThan(5);
    expect(searchReserve.nodes).toHaveLength(5);
    for (const n of searchReserve.nodes) {
      const held = n.reservist.skills.filter((s: any) => skills.some((k) => k.skill === s.skill.code && s.level >= k.minLevel));
      expect(held).toHaveLength(n.matchedSkills);
      const code = n.reservist.department.code;
      expect(n.proximity).toBe(code === '75' ? 'SAME_DEPARTMENT' : department(code)?.regionCode === '11' ? 'SAME_REGION' : 'ELSEWHERE');
    }
    const counts = searchReserve.facets.territories;
    expect(counts.reduce((sum: number, t: any) => sum + t.count, 0)).toBe(searchReserve.totalCount);
    expect(counts[0].territory.name).toEqual(expect.any(String));
    expect(searchReserve.facets.levels.every((l: any) => l.skill.name.length > 0)).toBe(true);
    const next = (await ok(SEARCH, { skills, territory: '75', after: searchReserve.pageInfo.endCursor })).searchReserve;
    const firstIds = new Set(searchReserve.nodes.map((n: any) => n.reservist.id));
    expect(next.nodes.some((n: any) => firstIds.has(n.reservist.id))).toBe(false);
  });

  it('calls up by order, answers, and shows the fill live', async () => {
    const skill = 'ECSF.INCIDENT_RESPONDER';
    const { searchReserve } = await ok(SEARCH, { skills: [{ skill, minLevel: 1 }] });
    const area = searchReserve.facets.territories[0].territory.code;
    const { issueMobilisationOrder: order } = await ok(
      `mutation($skill: ID!, $area: ID!, $at: Date!, $deadline: DateTime!, $key: ID!) {
        issueMobilisationOrder(kind: CRISIS, issuedBy: "COMCYBER", motive: "Rançongiciel dans un hôpital", duty: "Réponse à incident",
          requirements: [{ skill: $skill, minLevel: 1, count: 2 }], area: $area, reportAt: $at, durationDays: 5, deadline: $deadline,
          overCallPercent: 50, idempotencyKey: $key) {
          id reference area { code name } fillRate requirements { skill { name } count called pending }
          responses(first: 10) { nodes { reservist { id department { code } } answer pending } } } }`,
      { skill, area, at: addDays(todayInFrance(), 40), deadline: new Date(Date.now() + 86_400_000).toISOString(), key: randomUUID() },
    );
    expect(order.area.name).toEqual(expect.any(String));
    expect(order.requirements[0]).toMatchObject({ skill: { name: 'Cyber Incident Responder' }, count: 2 });
    const calls = order.responses.nodes;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.every((c: any) => c.pending && c.reservist.department.code.length > 0)).toBe(true);
    await ok(`mutation($o: ID!, $r: ID!) { respondToCallUp(orderId: $o, reservistId: $r, answer: ACCEPTED) { answer } }`, {
      o: order.id,
      r: calls[0].reservist.id,
    });
    const { mobilisationOrder } = await ok(`query($id: ID!) { mobilisationOrder(id: $id) { fillRate requirements { accepted fillRate } } }`, { id: order.id });
    expect(mobilisationOrder).toEqual({ fillRate: 0.5, requirements: [{ accepted: 1, fillRate: 0.5 }] });
  });

  it('is closed to universities, companies and Parliament', async () => {
    const callers = [await bearer('university', '0751717J'), await bearer('company', '552081317'), await bearer('parliament')];
    for (const token of callers) {
      const search = await postGraphQL(fed.gateway.url, SEARCH, { skills: [{ skill: 'ECF.B.3', minLevel: 1 }] }, token);
      expect(search.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(search.body.data?.searchReserve ?? null).toBeNull();
      const orders = await postGraphQL(fed.gateway.url, '{ reservists(first: 1) { nodes { id } } }', {}, token);
      expect(orders.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
