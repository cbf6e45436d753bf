// The armed forces' share of the demo universe: reservists (SNN citizens and outside
// professionals) with skills, contracts and availability, mobilisation orders with their
// requirements and responses, and military internship hosts. Streams over the citizens, so that
// 1,000,000 of them seed in bounded memory.
import {
  addDays,
  addMonths,
  BulkWriter,
  daysBetween,
  bulkInsert,
  SKILLS,
  skillsOfTrack,
  TRACKS,
  type Database,
  type SkillRef,
  type Track,
} from '@snn/platform';
import { departmentByPopulation, demoUuid, REFERENCE_DATE, Rng, WeightedTable, type EnrollmentStatus, type Universe } from '@snn/platform/demo';
import { HOSTS, ORDERS, type OrderSpec } from './catalogue';
import { departmentCodesOfArea } from '../data/areas';
import {
  militaryInternshipHosts,
  mobilisationOrders,
  mobilisationResponses,
  reservistAvailability,
  reservists,
  reservistSkills,
  securityClearances,
  skillRequirements,
} from '../data/tables';

export const seedTables = [
  'mobilisation_responses',
  'skill_requirements',
  'mobilisation_orders',
  'reservist_availability',
  'reservist_skills',
  'reservists',
  'military_internship_hosts',
  'security_clearances',
];

const RESERVIST_RATE = 0.15;
// Citizens who have started their service: the ones the reserve recruits from.
const RECRUITED_FROM = new Set<EnrollmentStatus>(['IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED']);
const PROFESSIONAL_SKILLS = SKILLS.filter((s) => s.framework === 'E_CF' || s.framework === 'ECSF');
const TRACK_SKILLS = new Map<Track, SkillRef[]>(TRACKS.map((t) => [t, skillsOfTrack(t)]));
const REFERENCE_INSTANT = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
const DAY_MS = 86_400_000;

const dateWithin = (rng: Rng, from: string, to: string) => addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));
const minDate = (a: string, b: string) => (a < b ? a : b);

/** What the reservist loop needs to know of an order to call up the reservists of its area. */
interface SeededOrder {
  id: string;
  departments: Set<string>;
  reportDate: string;
  issuedAt: number | null;
  deadline: number;
}

/** Exercises are called up a month and a half ahead; crises five days ahead, with 48 hours to answer. */
function orderRow(universe: Universe, spec: OrderSpec, k: number, sequence: number): typeof mobilisationOrders.$inferInsert {
  const issued = Date.parse(`${addDays(spec.reportDate, spec.kind === 'CRISIS' ? -5 : -45)}T07:00:00Z`);
  const deadline = issued + (spec.kind === 'CRISIS' ? 2 : 15) * DAY_MS;
  const status = issued > REFERENCE_INSTANT ? 'DRAFT' : addDays(spec.reportDate, spec.durationDays) <= REFERENCE_DATE ? 'CLOSED' : 'ISSUED';
  return {
    id: demoUuid(universe.seed, 'mobilisation-order', k),
    reference: `${spec.issuedBy}-${spec.reportDate.slice(0, 4)}-${spec.kind === 'CRISIS' ? 'CR' : 'EX'}-${String(sequence).padStart(2, '0')}`,
    kind: spec.kind,
    status,
    issuedBy: spec.issuedBy,
    motive: spec.motive,
    duty: spec.duty,
    areaCode: spec.area,
    reportDate: spec.reportDate,
    durationDays: spec.durationDays,
    issuedAt: status === 'DRAFT' ? null : new Date(issued),
    deadline: new Date(deadline),
  };
}

async function seedOrders({ db }: Database, universe: Universe): Promise<SeededOrder[]> {
  const sequences = new Map<string, number>();
  const rows = ORDERS.map((spec, k) => {
    const series = `${spec.issuedBy}-${spec.reportDate.slice(0, 4)}-${spec.kind}`;
    sequences.set(series, (sequences.get(series) ?? 0) + 1);
    return orderRow(universe, spec, k, sequences.get(series) as number);
  });
  await bulkInsert(db, mobilisationOrders, rows);
  await bulkInsert(
    db,
    skillRequirements,
    rows.flatMap((row, k) => (ORDERS[k] as OrderSpec).requirements.map(([skillCode, minLevel, count]) => ({ orderId: row.id, skillCode, minLevel, count }))),
  );
  return rows.map((row) => ({
    id: row.id,
    departments: new Set(departmentCodesOfArea(row.areaCode)),
    reportDate: row.reportDate,
    issuedAt: row.issuedAt?.getTime() ?? null,
    deadline: (row.deadline as Date).getTime(),
  }));
}

interface ReservistDraft {
  id: string;
  kind: 'CITIZEN' | 'PROFESSIONAL';
  citizenId: string | null;
  departmentCode: string;
  contractFrom: string;
  skills: SkillRef[];
  levels: [number, number];
  certifiers: string[];
  certifiedFrom: string;
  certifiedTo: string;
  annualDays: number;
  clearance: WeightedTable<'NONE' | 'SECRET' | 'TRES_SECRET'>;
}

const CITIZEN_CLEARANCE = new WeightedTable(['NONE', 'SECRET', 'TRES_SECRET'] as const, (c) => ({ NONE: 75, SECRET: 22, TRES_SECRET: 3 })[c]);
const PROFESSIONAL_CLEARANCE = new WeightedTable(['NONE', 'SECRET', 'TRES_SECRET'] as const, (c) => ({ NONE: 45, SECRET: 40, TRES_SECRET: 15 })[c]);
const DEMO_DECIDER = 'snn-demo:seed';
const MILITARY_CERTIFIERS = ['COMCYBER', 'COMCYBER', 'ANSSI', 'DGA Maîtrise de l’information'];

/** Pushes one reservist with its skills, availability windows and responses to the orders of its area. */
async function pushReservist(
  rng: Rng,
  r: ReservistDraft,
  orders: SeededOrder[],
  writers: {
    reservist: BulkWriter<typeof reservists>;
    skill: BulkWriter<typeof reservistSkills>;
    window: BulkWriter<typeof reservistAvailability>;
    response: BulkWriter<typeof mobilisationResponses>;
  },
): Promise<void> {
  const shortNoticeClause = rng.chance(0.3);
  const contractEnd = addDays(addMonths(r.contractFrom, 12 * rng.int(1, 5)), -1);
  await writers.reservist.push({
    id: r.id,
    kind: r.kind,
    citizenId: r.citizenId,
    departmentCode: r.departmentCode,
    engagement: rng.chance(0.65) ? 'ACTIVE' : 'PASSIVE',
    clearance: rng.weighted(r.clearance),
    contractStart: r.contractFrom,
    contractEnd,
    annualDays: r.annualDays,
    shortNoticeClause,
    // Two in five agreed to shorter notice in a crisis; from the id, so the draws after it stay as they were.
    crisisShortNotice: parseInt(r.id.slice(-2), 16) % 5 < 2,
  });
  for (const skill of r.skills) {
    const certifiedOn = dateWithin(rng, r.certifiedFrom, r.certifiedTo);
    await writers.skill.push({
      reservistId: r.id,
      skillCode: skill.code,
      level: rng.int(r.levels[0], r.levels[1]),
      certifiedBy: rng.pick(r.certifiers),
      certifiedOn,
      expiresOn: addMonths(certifiedOn, 36),
    });
  }
  // 1–3 windows in 2026–2027, one per equal slice of the two years, so they never overlap.
  const windows = rng.int(1, 3);
  const slice = Math.floor(730 / windows);
  for (let w = 0; w < windows; w++) {
    const length = rng.int(7, 60);
    const from = addDays('2026-01-01', w * slice + rng.int(0, slice - length));
    await writers.window.push({ reservistId: r.id, fromDate: from, toDate: addDays(from, length - 1) });
  }
  // An order calls the reservists of its area who are under contract on its report date.
  for (const order of orders) {
    if (order.issuedAt === null || !order.departments.has(r.departmentCode)) continue;
    if (order.reportDate < r.contractFrom || order.reportDate > contractEnd) continue;
    const u = rng.next();
    const answer = u < 0.55 ? 'ACCEPTED' : u < 0.8 ? 'DECLINED' : 'SILENT';
    const until = Math.min(order.deadline, REFERENCE_INSTANT);
    const respondedAt = answer === 'SILENT' ? null : new Date(order.issuedAt + Math.floor(rng.next() * (until - order.issuedAt)));
    await writers.response.push({ orderId: order.id, reservistId: r.id, answer, respondedAt });
  }
}

export async function seed(database: Database, universe: Universe): Promise<void> {
  const { db } = database;
  await bulkInsert(
    db,
    militaryInternshipHosts,
    HOSTS.map((h, k) => ({
      id: demoUuid(universe.seed, 'military-host', k),
      name: h.name,
      departmentCode: h.department,
      tracks: h.tracks,
      seats: h.seats,
    })),
  );
  const orders = await seedOrders(database, universe);

  const reservist = new BulkWriter(db, reservists);
  const writers = {
    reservist,
    skill: new BulkWriter(db, reservistSkills, [reservist]),
    window: new BulkWriter(db, reservistAvailability, [reservist]),
    response: new BulkWriter(db, mobilisationResponses, [reservist]),
  };

  for (let i = 0; i < universe.citizenCount; i++) {
    const rng = new Rng(universe.seed, 'reservist', i);
    // The draw comes first so that only the 15 % drawn pay for computing the citizen.
    if (!rng.chance(RESERVIST_RATE)) continue;
    const c = universe.citizen(i);
    if (!RECRUITED_FROM.has(c.enrollment.status)) continue;
    const cohort = universe.cohort(c.cohortIndex);
    const certifiedFrom = addDays(cohort.startDate, 60);
    await pushReservist(
      rng,
      {
        id: demoUuid(universe.seed, 'reservist', i),
        kind: 'CITIZEN',
        citizenId: c.id,
        departmentCode: c.departmentCode,
        contractFrom: minDate(addDays(cohort.startDate, rng.int(30, 180)), '2026-12-31'),
        skills: rng.sample(TRACK_SKILLS.get(c.track) as SkillRef[], rng.int(1, 3)),
        levels: [1, 3],
        certifiers: [...MILITARY_CERTIFIERS, ...universe.universitiesOfRegion(c.regionCode).map((u) => u.name)],
        certifiedFrom,
        certifiedTo: minDate(cohort.endDate, addDays(REFERENCE_DATE, -1)),
        annualDays: 30,
        clearance: CITIZEN_CLEARANCE,
      },
      orders,
      writers,
    );
  }

  const universities = universe.universities.map((u) => u.name);
  for (let j = 0; j < universe.professionalCount; j++) {
    const rng = new Rng(universe.seed, 'reservist-pro', j);
    await pushReservist(
      rng,
      {
        id: demoUuid(universe.seed, 'reservist-pro', j),
        kind: 'PROFESSIONAL',
        citizenId: null,
        departmentCode: departmentByPopulation(rng).code,
        contractFrom: addDays('2023-01-01', rng.int(0, 1460)),
        skills: rng.sample(PROFESSIONAL_SKILLS, rng.int(2, 5)),
        levels: [2, 5],
        certifiers: [...MILITARY_CERTIFIERS, ...MILITARY_CERTIFIERS, ...universities],
        certifiedFrom: '2021-01-01',
        certifiedTo: addDays(REFERENCE_DATE, -1),
        annualDays: rng.chance(0.1) ? 60 : 30,
        clearance: PROFESSIONAL_CLEARANCE,
      },
      orders,
      writers,
    );
  }

  await writers.skill.flush();
  await writers.window.flush();
  await writers.response.flush();

  // The clearances granted to citizens: facts of the universe, which economy's seed holds a copy of
  // for the placement round.
  const clearances = new BulkWriter(db, securityClearances);
  for (let i = 0; i < universe.citizenCount; i++) {
    const cleared = universe.clearance(i);
    if (!cleared) continue;
    await clearances.push({
      citizenId: universe.citizenId(i),
      clearance: cleared.clearance,
      grantedOn: cleared.grantedOn,
      validUntil: cleared.validUntil,
      decidedBy: DEMO_DECIDER,
      reason: 'Habilitation SECRET pour les stages en milieu sensible (données de démonstration)',
      updatedAt: new Date(`${cleared.grantedOn}T09:00:00Z`),
    });
  }
  await clearances.flush();
}
