// The demo universe: one deterministic description of citizens, cohorts, reservists,
// organisations, offers, universities and modules. Each subgraph's seed takes only its own share
// of it, so the five databases agree on every shared id without reading each other.
import { DEPARTMENTS, REGIONS, department as departmentRef, type TerritoryRef } from '../reference/territories';
import { TRACKS, skillsOfTrack, type Track, SKILLS } from '../reference/skills';
import { addDays, addMonths, demoUuid, Rng, WeightedTable } from './random';
import { luhnComplete, uaiCheckLetter } from '../reference/identifiers';

/** "Today" for the demo data: statuses are computed against it so that a re-seed is identical. */
export const REFERENCE_DATE = '2026-11-01';
export const INTAKE_STARTS = ['2025-03-03', '2025-07-07', '2025-11-03', '2026-03-02', '2026-07-06', '2026-11-02'];
const TRACK_WEIGHT: Record<Track, number> = { CYBERSECURITY: 35, PROGRAMMING: 30, AI: 20, CRITICAL_INFRASTRUCTURE: 15 };
const CITIZENS_PER_COHORT = 250;

export type EducationLevel = 'NO_DIPLOMA' | 'CAP_BEP' | 'BAC' | 'BAC_PLUS_2' | 'LICENCE' | 'MASTER' | 'DOCTORATE';
export type EnrollmentStatus = 'ENROLLED' | 'IN_TRAINING' | 'IN_INTERNSHIP' | 'COMPLETED' | 'WITHDRAWN' | 'DEFERRED' | 'EXEMPTED';

export interface CohortFacts {
  index: number;
  id: string;
  name: string;
  track: Track;
  regionCode: string;
  phase: 'PILOT' | 'NATIONAL';
  startDate: string;
  endDate: string;
  capacity: number;
}
export interface CitizenFacts {
  index: number;
  id: string;
  birthDate: string;
  departmentCode: string;
  regionCode: string;
  educationLevel: EducationLevel;
  graduate: boolean;
  /** Lives in a priority neighbourhood of city policy (QPV). */
  priorityNeighbourhood: boolean;
  track: Track;
  cohortIndex: number;
  enrollment: { id: string; status: EnrollmentStatus; enrolledOn: string; deferredUntil: string | null; exemptionReason: string | null };
}
export interface OrganisationFacts {
  index: number;
  id: string;
  siren: string;
  siret: string;
  name: string;
  kind: 'COMPANY' | 'PUBLIC_BODY';
  nafCode: string;
  size: 'MICRO' | 'SME' | 'MID' | 'LARGE';
  departmentCode: string;
}
export interface UniversityFacts {
  index: number;
  id: string;
  uai: string;
  name: string;
  departmentCode: string;
  regionCode: string;
}
export interface CreditFacts {
  id: string;
  citizenId: string;
  moduleCode: string;
  universityId: string;
  ects: number;
  /** Out of 20. */
  grade: number;
  status: 'PROVISIONAL' | 'FINAL' | 'REVOKED';
  assessedOn: string;
  awardedOn: string;
}
export interface ModuleFacts {
  index: number;
  code: string;
  universityIndex: number;
  title: string;
  track: Track;
  ects: number;
  hours: number;
  language: 'fr' | 'en';
  skillCodes: string[];
}

const EDUCATION_LEVELS = new WeightedTable<EducationLevel>(
  ['NO_DIPLOMA', 'CAP_BEP', 'BAC', 'BAC_PLUS_2', 'LICENCE', 'MASTER', 'DOCTORATE'],
  (l) => ({ NO_DIPLOMA: 10, CAP_BEP: 14, BAC: 36, BAC_PLUS_2: 16, LICENCE: 15, MASTER: 8, DOCTORATE: 1 })[l],
);
const TRACK_TABLE = new WeightedTable(TRACKS, (t) => TRACK_WEIGHT[t]);
const CREDIT_STATUS = new WeightedTable(['FINAL', 'PROVISIONAL', 'REVOKED'] as const, (s) => ({ FINAL: 88, PROVISIONAL: 9, REVOKED: 3 })[s]);

/** Département weights by real population, built on first use (it reads the communes file). */
let byPopulation: { table: WeightedTable<TerritoryRef>; total: number } | undefined;
function populationWeights() {
  byPopulation ??= { table: new WeightedTable(DEPARTMENTS, (d) => d.population), total: DEPARTMENTS.reduce((s, d) => s + d.population, 0) };
  return byPopulation;
}
/** A track drawn with the SNN's demand weights. */
export function randomTrack(rng: Rng): Track {
  return rng.weighted(TRACK_TABLE);
}
export function departmentByPopulation(rng: Rng): TerritoryRef {
  return rng.weighted(populationWeights().table);
}
const TRACK_TOTAL = Object.values(TRACK_WEIGHT).reduce((a, b) => a + b, 0);

/** Public higher-education partners, one or more per region (UAI codes in the demo are synthetic). */
const UNIVERSITIES: Array<[string, string]> = [
  ['Sorbonne Université', '75'],
  ['Université Paris-Saclay', '91'],
  ['Université d’Orléans', '45'],
  ['Université de Bourgogne', '21'],
  ['Université de Caen Normandie', '14'],
  ['Université de Lille', '59'],
  ['Université de Picardie Jules Verne', '80'],
  ['Université de Strasbourg', '67'],
  ['Université de Lorraine', '54'],
  ['Nantes Université', '44'],
  ['Université de Rennes', '35'],
  ['Université de Bordeaux', '33'],
  ['Université de Poitiers', '86'],
  ['Université Toulouse III', '31'],
  ['Université de Montpellier', '34'],
  ['Université Grenoble Alpes', '38'],
  ['Université Claude Bernard Lyon 1', '69'],
  ['Université Clermont Auvergne', '63'],
  ['Aix-Marseille Université', '13'],
  ['Université Côte d’Azur', '06'],
  ['Université de Corse', '2B'],
  ['Université des Antilles', '971'],
  ['Université des Antilles (pôle Martinique)', '972'],
  ['Université de Guyane', '973'],
  ['Université de La Réunion', '974'],
  ['Université de Mayotte', '976'],
];

const MODULE_TITLES: Record<Track, Array<[string, number]>> = {
  CYBERSECURITY: [
    ['Fondamentaux de la cybersécurité', 6],
    ['Sécurité des réseaux et des systèmes', 5],
    ['Réponse à incident et forensique', 5],
    ['Tests d’intrusion', 4],
  ],
  PROGRAMMING: [
    ['Algorithmique et programmation', 6],
    ['Développement web et API', 5],
    ['Génie logiciel et tests', 5],
    ['Bases de données', 4],
  ],
  AI: [
    ['Apprentissage automatique', 6],
    ['Science des données', 5],
    ['IA de confiance et éthique', 3],
    ['Traitement automatique des langues', 4],
  ],
  CRITICAL_INFRASTRUCTURE: [
    ['Systèmes industriels et SCADA', 6],
    ['Résilience des infrastructures', 5],
    ['Administration systèmes et cloud', 5],
    ['Gestion de crise', 3],
  ],
};
const TRACK_CODE: Record<Track, string> = { CYBERSECURITY: 'CYB', PROGRAMMING: 'PRG', AI: 'IA', CRITICAL_INFRASTRUCTURE: 'OIV' };

/** NAF codes (sub-classes) of the sectors that host SNN interns; labels come from @socialgouv/codes-naf. */
export const HOST_NAF_CODES = [
  '62.01Z',
  '62.02A',
  '62.03Z',
  '63.11Z',
  '61.10Z',
  '35.11Z',
  '30.30Z',
  '26.11Z',
  '72.19Z',
  '64.19Z',
  '86.10Z',
  '84.11Z',
  '84.22Z',
  '85.42Z',
  '49.10Z',
];
const PUBLIC_NAF = new Set(['84.11Z', '84.22Z', '85.42Z', '86.10Z']);
const NAME_PARTS = {
  first: ['Cyber', 'Data', 'Nova', 'Atlas', 'Vigie', 'Hexa', 'Quantum', 'Sémaphore', 'Rempart', 'Azur', 'Boréal', 'Iroise', 'Lumen', 'Vauban', 'Orion'],
  second: ['Systèmes', 'Défense', 'Numérique', 'Logiciels', 'Réseaux', 'Industrie', 'Conseil', 'Énergie', 'Santé', 'Analytics'],
  publicPrefix: ['Centre hospitalier de', 'Conseil départemental de', 'Préfecture de', 'Agence régionale de', 'Mairie de'],
};

/** UAI: seven characters (département + sequence) and a check letter (number mod 23). */
function uaiOf(departmentCode: string, seq: number): string {
  const dep = departmentCode.replace('2A', '620').replace('2B', '720').padStart(3, '0').slice(0, 3);
  const digits = `${dep}${String(seq).padStart(4, '0')}`;
  return digits + uaiCheckLetter(digits);
}

export class Universe {
  readonly intakes = INTAKE_STARTS.length;
  readonly groups: number;
  readonly cohortCount: number;
  readonly organisationCount: number;
  readonly offerCount: number;
  readonly professionalCount: number;
  readonly universities: UniversityFacts[];
  readonly modules: ModuleFacts[];

  constructor(
    readonly seed: number,
    readonly citizenCount: number,
  ) {
    if (!Number.isInteger(citizenCount) || citizenCount < 1) throw new Error('citizens must be a positive integer');
    this.groups = Math.max(1, Math.ceil(citizenCount / (REGIONS.length * TRACKS.length * this.intakes * CITIZENS_PER_COHORT)));
    this.cohortCount = REGIONS.length * TRACKS.length * this.intakes * this.groups;
    this.organisationCount = Math.max(40, Math.ceil(citizenCount / 40));
    this.offerCount = Math.max(120, Math.ceil(citizenCount / 8));
    this.professionalCount = Math.max(20, Math.ceil(citizenCount * 0.04));
    this.universities = UNIVERSITIES.map(([name, dep], index) => {
      const d = departmentRef(dep) as TerritoryRef;
      const uai = uaiOf(dep, 1000 + index * 37);
      return { index, id: uai, uai, name, departmentCode: dep, regionCode: d.regionCode as string };
    });
    this.modules = this.universities
      .flatMap((u) =>
        TRACKS.flatMap((track) =>
          MODULE_TITLES[track].map(([title, ects], n) => {
            const rng = new Rng(seed, 'module', u.index * 100 + TRACKS.indexOf(track) * 10 + n);
            return {
              code: `${u.uai}-${TRACK_CODE[track]}${n + 1}`,
              universityIndex: u.index,
              title,
              track,
              ects,
              hours: ects * rng.int(25, 30),
              language: rng.chance(0.2) ? 'en' : 'fr',
              skillCodes: rng.sample(skillsOfTrack(track), 3).map((s) => s.code),
            } as Omit<ModuleFacts, 'index'>;
          }),
        ),
      )
      .map((m, index) => ({ ...m, index }));
  }

  citizenId(i: number): string {
    return demoUuid(this.seed, 'citizen', i);
  }

  cohort(k: number): CohortFacts {
    const group = k % this.groups;
    const intake = Math.floor(k / this.groups) % this.intakes;
    const trackIndex = Math.floor(k / (this.groups * this.intakes)) % TRACKS.length;
    const regionIndex = Math.floor(k / (this.groups * this.intakes * TRACKS.length));
    const region = REGIONS[regionIndex] as TerritoryRef;
    const track = TRACKS[trackIndex] as Track;
    const startDate = INTAKE_STARTS[intake] as string;
    const months = [6, 9, 12][(regionIndex + trackIndex + intake) % 3] as number;
    const expected = (this.citizenCount * (region.population / populationWeights().total) * (TRACK_WEIGHT[track] / TRACK_TOTAL)) / (this.intakes * this.groups);
    return {
      index: k,
      id: demoUuid(this.seed, 'cohort', k),
      name: `SNN ${startDate.slice(0, 7)} ${TRACK_CODE[track]} ${region.name}${this.groups > 1 ? ` #${group + 1}` : ''}`,
      track,
      regionCode: region.code,
      phase: startDate < '2026-01-01' ? 'PILOT' : 'NATIONAL',
      startDate,
      endDate: addDays(addMonths(startDate, months), -1),
      capacity: Math.ceil(expected * 1.25) + 5,
    };
  }

  citizen(i: number): CitizenFacts {
    const rng = new Rng(this.seed, 'citizen', i);
    const dep = departmentByPopulation(rng);
    const regionCode = dep.regionCode as string;
    const track = rng.weighted(TRACK_TABLE);
    const intake = rng.int(0, this.intakes - 1);
    const group = rng.int(0, this.groups - 1);
    const regionIndex = REGIONS.findIndex((r) => r.code === regionCode);
    const cohortIndex = ((regionIndex * TRACKS.length + TRACKS.indexOf(track)) * this.intakes + intake) * this.groups + group;
    const cohort = this.cohort(cohortIndex);
    const ageAtStart = rng.int(18, 25);
    const birthDate = addDays(addMonths(cohort.startDate, -12 * ageAtStart), -rng.int(0, 364));
    const educationLevel = rng.weighted(EDUCATION_LEVELS);
    const enrolledOn = addDays(cohort.startDate, -rng.int(20, 120));
    let status: EnrollmentStatus;
    let deferredUntil: string | null = null;
    let exemptionReason: string | null = null;
    const u = rng.next();
    if (u < 0.03) {
      status = 'DEFERRED';
      deferredUntil = addMonths(cohort.startDate, 12);
    } else if (u < 0.05) {
      status = 'EXEMPTED';
      exemptionReason = rng.pick(['HEALTH', 'EMPLOYMENT', 'HIGHER_EDUCATION', 'FAMILY']);
    } else if (u < 0.11 && cohort.startDate < REFERENCE_DATE) {
      status = 'WITHDRAWN';
    } else if (cohort.startDate > REFERENCE_DATE) {
      status = 'ENROLLED';
    } else if (cohort.endDate < REFERENCE_DATE) {
      status = 'COMPLETED';
    } else {
      const trainingEnds = addMonths(cohort.startDate, 4);
      status = REFERENCE_DATE < trainingEnds ? 'IN_TRAINING' : 'IN_INTERNSHIP';
    }
    return {
      index: i,
      id: this.citizenId(i),
      birthDate,
      departmentCode: dep.code,
      regionCode,
      educationLevel,
      graduate: !['NO_DIPLOMA', 'CAP_BEP'].includes(educationLevel),
      // Its own stream: drawing it changes no other demo value.
      priorityNeighbourhood: new Rng(this.seed, 'qpv', i).chance(0.08),
      track,
      cohortIndex,
      enrollment: { id: demoUuid(this.seed, 'enrollment', i), status, enrolledOn, deferredUntil, exemptionReason },
    };
  }

  organisation(o: number): OrganisationFacts {
    const rng = new Rng(this.seed, 'organisation', o);
    const nafCode = rng.pick(HOST_NAF_CODES);
    const isPublic = PUBLIC_NAF.has(nafCode);
    const dep = departmentByPopulation(rng);
    // Public bodies' SIRENs start with 1 or 2; companies' with 3–9. Unique by construction.
    const siren = luhnComplete(`${isPublic ? 2 : 3 + (o % 7)}${String(o).padStart(7, '0')}`);
    const siret = luhnComplete(`${siren}${String(rng.int(1, 99)).padStart(4, '0')}`);
    const name = isPublic
      ? `${rng.pick(NAME_PARTS.publicPrefix)} ${dep.name}`
      : `${rng.pick(NAME_PARTS.first)} ${rng.pick(NAME_PARTS.second)} ${rng.pick(['SAS', 'SA', 'SARL'])}`;
    const size = rng.weighted(new WeightedTable(['MICRO', 'SME', 'MID', 'LARGE'] as const, (s) => ({ MICRO: 30, SME: 40, MID: 20, LARGE: 10 })[s]));
    return { index: o, id: siren, siren, siret, name, kind: isPublic ? 'PUBLIC_BODY' : 'COMPANY', nafCode, size, departmentCode: dep.code };
  }

  /**
   * The security clearance the armed forces granted citizen `i`, if any (armed forces' seed writes
   * it, economy's seed its copy for the placement round): a few of the sensitive tracks, SECRET for
   * five years from their cohort's start. From its own random stream.
   */
  clearance(i: number, c: CitizenFacts = this.citizen(i)): { clearance: 'SECRET'; grantedOn: string; validUntil: string } | null {
    if (c.track !== 'CYBERSECURITY' && c.track !== 'CRITICAL_INFRASTRUCTURE') return null;
    if (!new Rng(this.seed, 'clearance', i).chance(0.05)) return null;
    const grantedOn = this.cohort(c.cohortIndex).startDate;
    return { clearance: 'SECRET', grantedOn, validUntil: addMonths(grantedOn, 60) };
  }

  private readonly creditPools = new Map<string, ModuleFacts[]>();

  /**
   * The credits universities awarded citizen `i` (universities' seed writes them, education's seed
   * its record of them): modules of the citizen's track at the universities of their region, once
   * the training phase is over. At most 18 regions × 4 tracks pools, whatever the citizen count.
   */
  credits(i: number, c: CitizenFacts = this.citizen(i)): CreditFacts[] {
    const { status } = c.enrollment;
    if (status !== 'COMPLETED' && status !== 'IN_INTERNSHIP') return [];
    const key = `${c.regionCode}:${c.track}`;
    let pool = this.creditPools.get(key);
    if (!pool) {
      const local = new Set(this.universitiesOfRegion(c.regionCode).map((u) => u.index));
      this.creditPools.set(key, (pool = this.modules.filter((m) => m.track === c.track && local.has(m.universityIndex))));
    }
    const rng = new Rng(this.seed, 'credit', i);
    // Modules are assessed at the end of the four-month training phase; the jury awards weeks later.
    const trainingEnds = addMonths(this.cohort(c.cohortIndex).startDate, 4);
    return rng.sample(pool, rng.int(2, 3)).map((m, n) => {
      const assessedOn = addDays(trainingEnds, -rng.int(1, 21));
      const awardedOn = addDays(trainingEnds, rng.int(14, 42));
      return {
        id: demoUuid(this.seed, 'credit', i * 8 + n),
        citizenId: c.id,
        moduleCode: m.code,
        universityId: (this.universities[m.universityIndex] as UniversityFacts).id,
        ects: m.ects,
        // Only a pass earns credits: 10 to 20 out of 20, in half points.
        grade: rng.int(20, 40) / 2,
        // Still interning: the jury has not sat yet.
        status: status === 'COMPLETED' ? rng.weighted(CREDIT_STATUS) : 'PROVISIONAL',
        assessedOn,
        awardedOn: awardedOn < REFERENCE_DATE ? awardedOn : REFERENCE_DATE,
      };
    });
  }

  /** The universities that teach in a region, or all of them when the region has none. */
  universitiesOfRegion(regionCode: string): UniversityFacts[] {
    const local = this.universities.filter((u) => u.regionCode === regionCode);
    return local.length > 0 ? local : this.universities;
  }
}

export { SKILLS, TRACKS, skillsOfTrack };
export type { Track };
