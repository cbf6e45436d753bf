// The placement round's rules in memory: who an offer may not take, how it ranks the others, and a
// round's outcome (placements, unplaced with their reason, statistics), reproducible from its seed.
import { describe, expect, it } from 'vitest';
import { exclusionOf, lotteryOrder, rankKey, type Candidate, type RoundOffer } from '../src/placement/ranking';
import { placementsOf, roundTableOf, runRound, unplacedOf, type RoundInputs, type RoundOfferInput } from '../src/placement/round';

/** A round on plain objects, its outcome as objects. */
function round(inputs: RoundInputs) {
  const table = roundTableOf(inputs);
  const outcome = runRound(table);
  return { placements: placementsOf(table, outcome), unplaced: unplacedOf(table, outcome), stats: outcome.stats };
}

let n = 0;
function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    citizenId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    track: 'CYBERSECURITY',
    departmentCode: '35',
    regionCode: '53',
    clearance: 'NONE',
    internshipFrom: '2027-03-01',
    internshipUntil: '2027-09-30',
    skills: new Map([['ECF.B.3', 3]]),
    categories: 0,
    ...overrides,
  };
}
function offer(overrides: Partial<RoundOfferInput> = {}): RoundOfferInput {
  return {
    offerId: `offer-${++n}`,
    track: 'CYBERSECURITY',
    departmentCode: '35',
    regionCode: '53',
    clearance: 'NONE',
    startDate: '2027-04-01',
    seats: 1,
    requiredSkills: [{ skillCode: 'ECF.B.3', level: 3 }],
    ...overrides,
  };
}

describe('hard constraints', () => {
  it('exclude another track, a missing clearance and a start outside the internship window', () => {
    const o: RoundOffer = offer({ clearance: 'SECRET' });
    expect(exclusionOf(o, candidate({ clearance: 'SECRET' }))).toBeNull();
    expect(exclusionOf(o, candidate({ clearance: 'TRES_SECRET' }))).toBeNull();
    expect(exclusionOf(o, candidate({ clearance: 'NONE' }))).toBe('CLEARANCE');
    expect(exclusionOf(o, candidate({ clearance: 'SECRET', track: 'AI' }))).toBe('OTHER_TRACK');
    expect(exclusionOf(o, candidate({ clearance: 'SECRET', internshipFrom: '2027-04-02' }))).toBe('START_OUTSIDE_SERVICE');
    expect(exclusionOf(o, candidate({ clearance: 'SECRET', internshipUntil: '2027-03-31' }))).toBe('START_OUTSIDE_SERVICE');
    expect(exclusionOf(o, candidate({ clearance: 'SECRET', internshipFrom: '2027-04-01', internshipUntil: '2027-04-01' }))).toBeNull();
  });
});

describe('ranking', () => {
  const o = offer({
    requiredSkills: [
      { skillCode: 'ECF.B.3', level: 3 },
      { skillCode: 'ECSF.PENETRATION_TESTER', level: 2 },
    ],
  });
  it('puts every required skill met first, then skill fit, then distance, then the lottery', () => {
    const allMetFar = rankKey(
      o,
      candidate({
        regionCode: '11',
        departmentCode: '75',
        skills: new Map([
          ['ECF.B.3', 3],
          ['ECSF.PENETRATION_TESTER', 2],
        ]),
      }),
      999,
    );
    const almostNear = rankKey(
      o,
      candidate({
        skills: new Map([
          ['ECF.B.3', 3],
          ['ECSF.PENETRATION_TESTER', 1],
        ]),
      }),
      0,
    );
    const lessFitNear = rankKey(
      o,
      candidate({
        skills: new Map([
          ['ECF.B.3', 1],
          ['ECSF.PENETRATION_TESTER', 1],
        ]),
      }),
      0,
    );
    expect(allMetFar).toBeLessThan(almostNear);
    expect(almostNear).toBeLessThan(lessFitNear);
    // Levels above the requirement earn nothing more: the fit is capped at what is required.
    const over = rankKey(
      o,
      candidate({
        skills: new Map([
          ['ECF.B.3', 5],
          ['ECSF.PENETRATION_TESTER', 5],
        ]),
      }),
      7,
    );
    const exact = rankKey(
      o,
      candidate({
        skills: new Map([
          ['ECF.B.3', 3],
          ['ECSF.PENETRATION_TESTER', 2],
        ]),
      }),
      6,
    );
    expect(exact).toBeLessThan(over);
    const skills = new Map([
      ['ECF.B.3', 3],
      ['ECSF.PENETRATION_TESTER', 2],
    ]);
    const sameDepartment = rankKey(o, candidate({ skills }), 5);
    const sameRegion = rankKey(o, candidate({ skills, departmentCode: '29' }), 0);
    const elsewhere = rankKey(o, candidate({ skills, departmentCode: '75', regionCode: '11' }), 0);
    expect(sameDepartment).toBeLessThan(sameRegion);
    expect(sameRegion).toBeLessThan(elsewhere);
    expect(rankKey(o, candidate({ skills }), 1)).toBeLessThan(rankKey(o, candidate({ skills }), 2));
  });

  it('draws one lottery per seed: the same seed the same order, another seed another', () => {
    const ids = Array.from({ length: 200 }, () => candidate().citizenId);
    const a = lotteryOrder('round-2027-03', ids);
    expect(Array.from(lotteryOrder('round-2027-03', ids))).toEqual(Array.from(a));
    expect(Array.from(lotteryOrder('round-2027-07', ids))).not.toEqual(Array.from(a));
    expect([...a].sort((x, y) => x - y)).toEqual(ids.map((_, i) => i));
  });
});

describe('a round', () => {
  it('places, says why the others are not, and counts it', () => {
    const near = offer({ seats: 1 });
    const secret = offer({ clearance: 'SECRET', seats: 2 });
    const best = candidate({ skills: new Map([['ECF.B.3', 4]]) });
    const second = candidate({ departmentCode: '29' });
    const excluded = candidate();
    const silent = candidate();
    const preferences = new Map([
      [best.citizenId, [near.offerId, secret.offerId]],
      [second.citizenId, [near.offerId]],
      [excluded.citizenId, [secret.offerId, 'offer-gone']],
    ]);
    const outcome = round({ seed: 'r1', candidates: [best, second, excluded, silent], offers: [near, secret], preferences });
    expect(outcome.placements).toEqual([{ citizenId: best.citizenId, offerId: near.offerId, choice: 1 }]);
    expect(outcome.unplaced).toEqual([
      { citizenId: second.citizenId, reason: 'OUTRANKED', exclusions: [] },
      { citizenId: excluded.citizenId, reason: 'NO_ELIGIBLE_PREFERENCE', exclusions: ['CLEARANCE', 'OFFER_UNAVAILABLE'] },
      { citizenId: silent.citizenId, reason: 'NO_PREFERENCE', exclusions: [] },
    ]);
    expect(outcome.stats).toMatchObject({
      candidates: 4,
      placed: 1,
      seats: 3,
      fillRate: 1 / 3,
      firstChoiceShare: 1,
      topThreeShare: 1,
      unplacedByReason: { NO_PREFERENCE: 1, NO_ELIGIBLE_PREFERENCE: 1, OUTRANKED: 1 },
      byTrack: { CYBERSECURITY: { candidates: 4, placed: 1 } },
    });
  });

  it('keeps reserved seats for their category, and gives them to anyone when the category does not come', () => {
    const reserving = offer({ seats: 2, reserve: { category: 'NON_GRADUATE', seats: 1 } });
    const graduates = [candidate({ skills: new Map([['ECF.B.3', 3]]) }), candidate({ skills: new Map([['ECF.B.3', 3]]) })];
    const nonGraduate = candidate({ categories: 1, skills: new Map([['ECF.B.3', 1]]), departmentCode: '75', regionCode: '11' });
    const all = [...graduates, nonGraduate];
    const withCategory = round({
      seed: 'q',
      candidates: all,
      offers: [reserving],
      preferences: new Map(all.map((c) => [c.citizenId, [reserving.offerId]])),
    });
    const placed = withCategory.placements.map((p) => p.citizenId);
    expect(placed).toContain(nonGraduate.citizenId);
    expect(placed).toHaveLength(2);
    // Without the reserve, the least-ranked candidate loses the seat.
    const open = { ...reserving, reserve: undefined };
    const unreserved = round({ seed: 'q', candidates: all, offers: [open], preferences: new Map(all.map((c) => [c.citizenId, [open.offerId]])) });
    expect(unreserved.placements.map((p) => p.citizenId)).not.toContain(nonGraduate.citizenId);
    const without = round({
      seed: 'q',
      candidates: graduates,
      offers: [reserving],
      preferences: new Map(graduates.map((c) => [c.citizenId, [reserving.offerId]])),
    });
    expect(without.placements).toHaveLength(2);
  });

  it('gives the same outcome for the same inputs, bit for bit', () => {
    const offers = Array.from({ length: 20 }, (_, i) => offer({ seats: 1 + (i % 3), departmentCode: i % 2 ? '35' : '29' }));
    const candidates = Array.from({ length: 60 }, (_, i) => candidate({ skills: new Map([['ECF.B.3', 1 + (i % 4)]]), categories: i % 5 === 0 ? 1 : 0 }));
    const preferences = new Map(candidates.map((c, i) => [c.citizenId, [0, 1, 2].map((k) => (offers[(i * 7 + k * 3) % offers.length] as RoundOffer).offerId)]));
    const once = JSON.stringify(round({ seed: 'repro', candidates, offers, preferences }));
    expect(JSON.stringify(round({ seed: 'repro', candidates, offers, preferences }))).toBe(once);
    expect(JSON.stringify(round({ seed: 'other', candidates, offers, preferences }))).not.toBe(once);
  });
});
