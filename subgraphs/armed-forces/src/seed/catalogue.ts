// Hand-written demo content of the armed forces: the year's mobilisation orders and the units
// that host SNN interns. Dates are placed around REFERENCE_DATE so that every status occurs.
import { skillByCode, type Track } from '@snn/platform';

export interface OrderSpec {
  kind: 'CRISIS' | 'EXERCISE';
  issuedBy: string;
  /** API territory code: a département or `R` + region. */
  area: string;
  motive: string;
  duty: string;
  reportDate: string;
  durationDays: number;
  /** [skill code, minimum level, reservists needed] */
  requirements: Array<[string, number, number]>;
}

export const ORDERS: OrderSpec[] = [
  {
    kind: 'CRISIS',
    issuedBy: 'EMA-CPCO',
    area: 'R75',
    reportDate: '2025-12-08',
    durationDays: 21,
    motive: 'Attaque par rançongiciel contre plusieurs établissements de santé de Nouvelle-Aquitaine',
    duty: 'Renfort des équipes de réponse à incident auprès des centres hospitaliers touchés et reconstruction des systèmes',
    requirements: [
      ['ECSF.INCIDENT_RESPONDER', 3, 12],
      ['ECSF.FORENSICS', 3, 4],
      ['ECF.C.4', 2, 8],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R44',
    reportDate: '2025-11-17',
    durationDays: 4,
    motive: 'Exercice transfrontalier de gestion de crise cyber avec les partenaires allemands et luxembourgeois',
    duty: 'Animation de cellule de crise et traitement d’incidents simulés sur des réseaux d’énergie',
    requirements: [
      ['ECF.E.3', 2, 6],
      ['ECSF.INCIDENT_RESPONDER', 2, 10],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R11',
    reportDate: '2026-03-16',
    durationDays: 5,
    motive: 'Exercice DEFNET 2026 – volet Île-de-France',
    duty: 'Défense d’un réseau ministériel simulé face à une équipe rouge, détection et remédiation',
    requirements: [
      ['ECSF.INCIDENT_RESPONDER', 2, 20],
      ['ECSF.THREAT_INTELLIGENCE', 3, 6],
      ['ECF.C.5', 2, 10],
      ['ECSF.PENETRATION_TESTER', 3, 4],
    ],
  },
  {
    kind: 'CRISIS',
    issuedBy: 'EMA-CPCO',
    area: 'R24',
    reportDate: '2026-04-06',
    durationDays: 14,
    motive: 'Compromission des systèmes de supervision d’un réseau de distribution d’eau potable',
    duty: 'Isolement et analyse des automates industriels, rétablissement d’une supervision saine',
    requirements: [
      ['ECF.B.6', 3, 4],
      ['ECSF.FORENSICS', 3, 3],
      ['ECSF.IMPLEMENTER', 2, 6],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R53',
    reportDate: '2026-05-11',
    durationDays: 5,
    motive: 'Exercice interarmées de lutte informatique défensive du pôle cyber de Rennes',
    duty: 'Armement d’un centre opérationnel de sécurité de circonstance et investigation numérique',
    requirements: [
      ['ECSF.INCIDENT_RESPONDER', 2, 15],
      ['ECSF.FORENSICS', 2, 6],
      ['ECF.E.8', 3, 3],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R84',
    reportDate: '2026-06-15',
    durationDays: 3,
    motive: 'Exercice de crise cyber en milieu hospitalier',
    duty: 'Appui aux directions des systèmes d’information hospitalières pendant un scénario de rançongiciel',
    requirements: [
      ['ECF.C.4', 2, 8],
      ['ECSF.RISK_MANAGER', 3, 3],
    ],
  },
  {
    kind: 'CRISIS',
    issuedBy: 'EMA-CPCO',
    area: 'R28',
    reportDate: '2026-08-03',
    durationDays: 10,
    motive: 'Attaque en déni de service distribué contre les services publics en ligne de Normandie',
    duty: 'Filtrage, répartition de charge et maintien en condition opérationnelle des services exposés',
    requirements: [
      ['ECF.C.5', 3, 6],
      ['ECSF.ARCHITECT', 3, 2],
      ['ECF.B.4', 2, 6],
      ['ECSF.THREAT_INTELLIGENCE', 2, 3],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R32',
    reportDate: '2026-09-21',
    durationDays: 4,
    motive: 'Protection d’un opérateur d’importance vitale du secteur de l’énergie',
    duty: 'Audit de configuration et défense des systèmes industriels d’un site de production',
    requirements: [
      ['ECSF.AUDITOR', 3, 4],
      ['ECF.B.6', 2, 6],
      ['ECSF.IMPLEMENTER', 2, 8],
    ],
  },
  {
    kind: 'CRISIS',
    issuedBy: 'EMA-CPCO',
    area: 'R04',
    reportDate: '2026-10-29',
    durationDays: 30,
    motive: 'Cyberattaque contre un opérateur de télécommunications de La Réunion',
    duty: 'Rétablissement des réseaux de communication des services de l’État et des secours',
    requirements: [
      ['ECF.C.5', 2, 5],
      ['ECSF.INCIDENT_RESPONDER', 3, 4],
      ['ECF.B.2', 2, 3],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: '13',
    reportDate: '2026-11-16',
    durationDays: 3,
    motive: 'Réponse à incident sur les systèmes portuaires de Marseille-Fos',
    duty: 'Détection et confinement d’une compromission simulée des systèmes de gestion portuaire',
    requirements: [
      ['ECSF.INCIDENT_RESPONDER', 2, 6],
      ['ECF.A.5', 3, 2],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: 'R01',
    reportDate: '2026-12-07',
    durationDays: 3,
    motive: 'Continuité des télécommunications en saison cyclonique',
    duty: 'Bascule sur des moyens de communication de secours et protection des systèmes de la préfecture',
    requirements: [
      ['ECF.C.5', 2, 3],
      ['ECSF.IMPLEMENTER', 2, 2],
    ],
  },
  {
    kind: 'EXERCISE',
    issuedBy: 'COMCYBER',
    area: '31',
    reportDate: '2027-01-18',
    durationDays: 5,
    motive: 'Cyberdéfense des systèmes spatiaux',
    duty: 'Défense des segments sol de satellites militaires face à une équipe rouge',
    requirements: [
      ['ECSF.PENETRATION_TESTER', 3, 4],
      ['ECSF.THREAT_INTELLIGENCE', 3, 3],
      ['ECF.E.8', 3, 2],
    ],
  },
];

export interface HostSpec {
  name: string;
  department: string;
  tracks: Track[];
  seats: number;
}

export const HOSTS: HostSpec[] = [
  { name: 'Commandement de la cyberdéfense (COMCYBER)', department: '35', tracks: ['CYBERSECURITY', 'AI'], seats: 40 },
  { name: 'DGA Maîtrise de l’information', department: '35', tracks: ['CYBERSECURITY', 'PROGRAMMING', 'AI'], seats: 60 },
  { name: 'Centre d’analyse en lutte informatique défensive (CALID)', department: '75', tracks: ['CYBERSECURITY'], seats: 25 },
  { name: '807e compagnie de transmissions', department: '35', tracks: ['CYBERSECURITY', 'CRITICAL_INFRASTRUCTURE'], seats: 20 },
  { name: 'Service du commissariat des armées', department: '69', tracks: ['PROGRAMMING'], seats: 15 },
  { name: 'Agence du numérique de défense', department: '75', tracks: ['PROGRAMMING', 'AI'], seats: 30 },
  {
    name: 'Direction interarmées des réseaux d’infrastructure et des systèmes d’information (DIRISI) de Lyon',
    department: '69',
    tracks: ['CRITICAL_INFRASTRUCTURE', 'PROGRAMMING'],
    seats: 25,
  },
  { name: 'École des transmissions', department: '35', tracks: ['CRITICAL_INFRASTRUCTURE'], seats: 12 },
  { name: 'Commandement de l’espace', department: '31', tracks: ['AI', 'CYBERSECURITY', 'PROGRAMMING'], seats: 18 },
  { name: 'Service hydrographique et océanographique de la Marine', department: '29', tracks: ['AI', 'PROGRAMMING'], seats: 10 },
  {
    name: 'Base navale de Toulon – centre de soutien des systèmes d’information',
    department: '83',
    tracks: ['CRITICAL_INFRASTRUCTURE', 'CYBERSECURITY'],
    seats: 14,
  },
  { name: 'Centre d’expertise aérienne militaire', department: '40', tracks: ['CRITICAL_INFRASTRUCTURE', 'AI'], seats: 8 },
  { name: 'Forces armées aux Antilles – détachement des systèmes d’information', department: '972', tracks: ['CRITICAL_INFRASTRUCTURE'], seats: 6 },
  { name: 'Forces armées de la zone sud de l’océan Indien', department: '974', tracks: ['CYBERSECURITY', 'CRITICAL_INFRASTRUCTURE'], seats: 6 },
];

// A typo in a hand-written skill code would otherwise only show as a dangling Skill reference.
for (const o of ORDERS) for (const [code] of o.requirements) if (!skillByCode(code)) throw new Error(`unknown skill code in ORDERS: ${code}`);
