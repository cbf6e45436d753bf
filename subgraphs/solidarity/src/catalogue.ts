// The ministry's reference content: the UBS catalogue and the indicator definitions, with the
// parameters the demo seed draws plausible figures from.
import type { UbsDomain } from './data/ubs';
import type { IndicatorDefinitionRow } from './data/indicators';

export interface UbsServiceSpec {
  code: string;
  name: string;
  domain: UbsDomain;
  description: string;
  /** Share of the population eligible to the service: the denominator of its coverage rate. */
  eligibleShare: number;
  /** Range of the 2024 metropolitan coverage rate. */
  rate: [number, number];
}

export const UBS_SERVICES: UbsServiceSpec[] = [
  {
    code: 'HEALTH_PRIMARY_CARE',
    name: 'Médecin traitant et centre de santé de proximité',
    domain: 'HEALTH',
    description: 'Un médecin traitant ou un centre de santé à moins de 30 minutes, sans avance de frais.',
    eligibleShare: 1,
    rate: [0.82, 0.95],
  },
  {
    code: 'HEALTH_MENTAL_CARE',
    name: 'Accompagnement psychologique',
    domain: 'HEALTH',
    description: 'Séances de psychologue prises en charge intégralement, sur orientation du médecin ou en accès direct.',
    eligibleShare: 0.08,
    rate: [0.25, 0.5],
  },
  {
    code: 'EDUCATION_EARLY_CHILDHOOD',
    name: 'Accueil du jeune enfant',
    domain: 'EDUCATION',
    description: 'Une place en crèche ou chez une assistante maternelle pour chaque enfant de moins de 3 ans.',
    eligibleShare: 0.03,
    rate: [0.45, 0.72],
  },
  {
    code: 'EDUCATION_TUTORING',
    name: 'Soutien scolaire gratuit',
    domain: 'EDUCATION',
    description: 'Aide aux devoirs et tutorat pour les élèves du primaire et du secondaire.',
    eligibleShare: 0.12,
    rate: [0.2, 0.42],
  },
  {
    code: 'HOUSING_EMERGENCY',
    name: 'Hébergement d’urgence',
    domain: 'HOUSING',
    description: 'Mise à l’abri inconditionnelle et hébergement d’urgence (115).',
    eligibleShare: 0.003,
    rate: [0.55, 0.82],
  },
  {
    code: 'HOUSING_SOCIAL',
    name: 'Logement social accompagné',
    domain: 'HOUSING',
    description: 'Logement à loyer modéré assorti d’un accompagnement social.',
    eligibleShare: 0.08,
    rate: [0.55, 0.8],
  },
  {
    code: 'FOOD_SCHOOL_MEALS',
    name: 'Cantine à 1 €',
    domain: 'FOOD',
    description: 'Repas scolaire à tarification sociale dans les écoles et collèges.',
    eligibleShare: 0.1,
    rate: [0.4, 0.78],
  },
  {
    code: 'FOOD_SOLIDARITY_GROCERY',
    name: 'Épiceries solidaires',
    domain: 'FOOD',
    description: 'Aide alimentaire choisie en épicerie solidaire, avec participation symbolique.',
    eligibleShare: 0.05,
    rate: [0.3, 0.58],
  },
  {
    code: 'CONNECTIVITY_BROADBAND',
    name: 'Internet très haut débit',
    domain: 'CONNECTIVITY',
    description: 'Raccordement fibre, ou satellite en zone blanche, à tarif social.',
    eligibleShare: 1,
    rate: [0.7, 0.93],
  },
  {
    code: 'CONNECTIVITY_DIGITAL_HELP',
    name: 'Conseillers numériques France Services',
    domain: 'CONNECTIVITY',
    description: 'Accompagnement gratuit aux démarches en ligne et aux usages numériques.',
    eligibleShare: 0.15,
    rate: [0.15, 0.38],
  },
];

export interface IndicatorSpec extends IndicatorDefinitionRow {
  /** Breakdowns published besides TOTAL. */
  breakdowns: string[];
  /** Survey-based: Mayotte's figures are modelled estimates. */
  survey: boolean;
  /** Still PROVISIONAL in the latest period (registers are final at once, surveys are not). */
  provisionalLatest: boolean;
}

export const INDICATORS: IndicatorSpec[] = [
  {
    code: 'SNN_PARTICIPATION_RATE',
    name: 'Taux de participation au SNN',
    unit: 'PERCENT',
    source: 'Agence du Service numérique national',
    description: 'Part des 18–25 ans résidant dans le territoire ayant commencé le SNN.',
    breakdowns: [],
    survey: false,
    provisionalLatest: true,
  },
  {
    code: 'SNN_COMPLETION_RATE',
    name: 'Taux d’achèvement du SNN',
    unit: 'PERCENT',
    source: 'Agence du Service numérique national',
    description: 'Part des jeunes ayant achevé le SNN parmi ceux dont la session s’est terminée dans la période.',
    breakdowns: [],
    survey: false,
    provisionalLatest: true,
  },
  {
    code: 'SNN_PARTICIPANTS',
    name: 'Jeunes en Service numérique national',
    unit: 'PERSONS',
    source: 'Agence du Service numérique national',
    description: 'Jeunes en formation ou en stage SNN à la fin de la période.',
    breakdowns: ['SEX_F', 'SEX_M'],
    survey: false,
    provisionalLatest: false,
  },
  {
    code: 'RESERVE_TECH_STRENGTH',
    name: 'Effectif de la Réserve technologique',
    unit: 'PERSONS',
    source: 'Ministère des Armées — Direction des réserves',
    description: 'Réservistes titulaires d’au moins une compétence numérique certifiée, à la fin de la période.',
    breakdowns: ['SEX_F', 'SEX_M'],
    survey: false,
    provisionalLatest: false,
  },
  {
    code: 'INTERNSHIP_PLACEMENT_RATE',
    name: 'Taux de placement en stage',
    unit: 'PERCENT',
    source: 'Ministère de l’Économie — DARES',
    description: 'Part des jeunes ayant achevé la formation SNN placés en stage dans les deux mois.',
    breakdowns: [],
    survey: false,
    provisionalLatest: true,
  },
  {
    code: 'UBS_HEALTH_ACCESS_RATE',
    name: 'Accès aux services universels de santé',
    unit: 'PERCENT',
    source: 'DREES',
    description: 'Part de la population ayant un médecin traitant ou un centre de santé à moins de 30 minutes.',
    breakdowns: [],
    survey: false,
    provisionalLatest: true,
  },
  {
    code: 'YOUTH_UNEMPLOYMENT_RATE',
    name: 'Taux de chômage des 15–24 ans',
    unit: 'PERCENT',
    source: 'INSEE — Enquête Emploi',
    description: 'Chômeurs au sens du BIT parmi les actifs de 15 à 24 ans.',
    breakdowns: [],
    survey: true,
    provisionalLatest: true,
  },
  {
    code: 'DIGITAL_INCLUSION_RATE',
    name: 'Taux d’inclusion numérique',
    unit: 'PERCENT',
    source: 'INSEE — Enquête TIC ménages',
    description: 'Part des 15 ans ou plus ayant au moins les compétences numériques de base (DigComp 2.2).',
    breakdowns: [],
    survey: true,
    provisionalLatest: true,
  },
  {
    code: 'POVERTY_RATE',
    name: 'Taux de pauvreté monétaire',
    unit: 'PERCENT',
    source: 'INSEE — Filosofi',
    description: 'Part de la population vivant sous le seuil de pauvreté (60 % du niveau de vie médian).',
    breakdowns: ['AGE_18_25'],
    survey: true,
    provisionalLatest: true,
  },
];

/** SDMX time periods of the demo series, oldest first; the last one is the latest release. */
export const PERIODS = ['2024', '2025', '2026-Q1', '2026-Q2', '2026-Q3'];
/** Years since mid-2024 at the middle of each period, for trends. */
export const PERIOD_TIME = [0, 1, 1.625, 1.875, 2.125];
export const COVERAGE_YEARS = ['2024', '2025', '2026'];
