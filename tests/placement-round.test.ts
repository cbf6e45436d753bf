// The national placement round through the gateway, on the demo data and the demo tokens' presets:
// the agency's dry run, its review and its publication; the placements then read as every caller
// sees them — the citizen's (education's entity, economy's field), the host company's (its interns
// only) — and refused to a company at the gateway as at the subgraph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, postGraphQL } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let agency: string;
beforeAll(async () => {
  fed = await bootFederation();
  agency = await bearer('economy');
});
afterAll(async () => {
  await fed?.stop();
});

async function ok(query: string, variables: Record<string, unknown> = {}, token = agency) {
  const { body } = await postGraphQL(fed.gateway.url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const ROUND = 'id phase progress statistics { candidates seats placed fillRate firstChoiceShare topThreeShare unplaced { reason count } }';

describe('a national round through the gateway', () => {
  it('runs dry, is reviewed, is published, and its placements reach the citizen and the host company', async () => {
    const { startPlacementRound } = await ok(`mutation { startPlacementRound(input: { intake: "2027-03", dryRun: true }) { ${ROUND} } }`);
    expect(startPlacementRound.phase).toBe('QUEUED');
    let round = startPlacementRound;
    for (const deadline = Date.now() + 60_000; !['COMPUTED', 'FAILED'].includes(round.phase) && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 100));
      round = (await ok(`query($id: ID!) { placementRound(id: $id) { ${ROUND} } }`, { id: round.id })).placementRound;
    }
    expect(round.phase).toBe('COMPUTED');
    expect(round.statistics.placed).toBeGreaterThan(0);
    expect(round.statistics.candidates).toBeGreaterThanOrEqual(round.statistics.placed);

    const { placementRound } = await ok(
      `query($id: ID!) { placementRound(id: $id) { outcomes(placed: true, first: 5) { totalCount nodes { citizen { id } choice offer { id organisation { id } } } } } }`,
      { id: round.id },
    );
    expect(placementRound.outcomes.totalCount).toBe(round.statistics.placed);
    const [first] = placementRound.outcomes.nodes;

    // A company may not run, publish or read a round, at the gateway as at the subgraph.
    const company = await bearer('company', first.offer.organisation.id);
    for (const url of [fed.gateway.url, fed.subgraphs.economy.url]) {
      const { body } = await postGraphQL(url, `mutation($id: ID!) { publishPlacementRound(id: $id) { id } }`, { id: round.id }, company);
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }

    const { publishPlacementRound } = await ok(`mutation($id: ID!) { publishPlacementRound(id: $id) { phase publishedAt } }`, { id: round.id });
    expect(publishPlacementRound.phase).toBe('PUBLISHED');

    // The citizen: education's entity, economy's placements on it, in one query.
    const { citizen } = await ok(
      `query($id: ID!) { citizen(id: $id) { id placements { status round { id } offer { id } } } }`,
      { id: first.citizen.id },
      await bearer('education'),
    );
    expect(citizen.placements).toContainEqual({ status: 'PROPOSED', round: { id: round.id }, offer: { id: first.offer.id } });

    // The host company sees its intern among its placements, and only its own placements.
    const { placements } = await ok(
      `query { placements(first: 200, filter: { status: PROPOSED }) { totalCount nodes { citizen { id } organisation { id } } } }`,
      {},
      company,
    );
    expect(placements.nodes).toContainEqual({ citizen: { id: first.citizen.id }, organisation: { id: first.offer.organisation.id } });
    expect(placements.nodes.every((p: { organisation: { id: string } }) => p.organisation.id === first.offer.organisation.id)).toBe(true);
  });
});
