// The skills frameworks the Réserve and the curricula speak. The education subgraph owns the
// Skill entity and seeds it from this list; other subgraphs use the codes in their demo data.
// e-CF: EN 16234-1 competences (proficiency e-1…e-5); ECSF: ENISA's cybersecurity role profiles
// (rated on the e-CF 1–5 scale); DigComp 2.2: basic digital competences (proficiency 1–8).

export type SkillFramework = 'E_CF' | 'ECSF' | 'DIGCOMP';
export type Track = 'CYBERSECURITY' | 'PROGRAMMING' | 'AI' | 'CRITICAL_INFRASTRUCTURE';
export const TRACKS: readonly Track[] = ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE'];

export interface SkillRef {
  code: string;
  name: string;
  framework: SkillFramework;
  /** e-CF area (A Plan … E Manage) or DigComp area number; null for ECSF profiles. */
  area: string | null;
  tracks: Track[];
}

export const LEVEL_RANGE: Record<SkillFramework, { min: number; max: number }> = {
  E_CF: { min: 1, max: 5 },
  ECSF: { min: 1, max: 5 },
  DIGCOMP: { min: 1, max: 8 },
};

const C: Track = 'CYBERSECURITY',
  P: Track = 'PROGRAMMING',
  AI: Track = 'AI',
  I: Track = 'CRITICAL_INFRASTRUCTURE';

const ecf = (id: string, name: string, tracks: Track[]): SkillRef => ({ code: `ECF.${id}`, name, framework: 'E_CF', area: id[0] as string, tracks });
const ecsf = (id: string, name: string, tracks: Track[]): SkillRef => ({ code: `ECSF.${id}`, name, framework: 'ECSF', area: null, tracks });
const dig = (id: string, name: string, tracks: Track[]): SkillRef => ({
  code: `DIGCOMP.${id}`,
  name,
  framework: 'DIGCOMP',
  area: id.split('.')[0] as string,
  tracks,
});

export const SKILLS: readonly SkillRef[] = [
  ecf('A.1', 'Information Systems and Business Strategy Alignment', []),
  ecf('A.2', 'Service Level Management', [I]),
  ecf('A.3', 'Business Plan Development', []),
  ecf('A.4', 'Product or Project Planning', [P]),
  ecf('A.5', 'Architecture Design', [P, I]),
  ecf('A.6', 'Application Design', [P, AI]),
  ecf('A.7', 'Technology Trend Monitoring', [AI]),
  ecf('A.8', 'Sustainable Development', [I]),
  ecf('A.9', 'Innovating', [AI]),
  ecf('B.1', 'Application Development', [P, AI]),
  ecf('B.2', 'Component Integration', [P, I]),
  ecf('B.3', 'Testing', [P, C]),
  ecf('B.4', 'Solution Deployment', [P, I]),
  ecf('B.5', 'Documentation Production', [P]),
  ecf('B.6', 'Systems Engineering', [I]),
  ecf('C.1', 'User Support', [I]),
  ecf('C.2', 'Change Support', [I]),
  ecf('C.3', 'Service Delivery', [I]),
  ecf('C.4', 'Problem Management', [I, C]),
  ecf('C.5', 'Systems Management', [I]),
  ecf('D.1', 'Information Security Strategy Development', [C]),
  ecf('D.2', 'ICT Quality Strategy Development', []),
  ecf('D.3', 'Education and Training Provision', []),
  ecf('D.10', 'Information and Knowledge Management', [AI]),
  ecf('D.11', 'Needs Identification', [AI, P]),
  ecf('E.2', 'Project and Portfolio Management', []),
  ecf('E.3', 'Risk Management', [C, I]),
  ecf('E.5', 'Process Improvement', []),
  ecf('E.6', 'ICT Quality Management', []),
  ecf('E.8', 'Information Security Management', [C, I]),
  ecf('E.9', 'IS Governance', [C]),
  ecsf('CISO', 'Chief Information Security Officer', [C]),
  ecsf('INCIDENT_RESPONDER', 'Cyber Incident Responder', [C, I]),
  ecsf('LEGAL_POLICY_COMPLIANCE', 'Cyber Legal, Policy and Compliance Officer', [C]),
  ecsf('THREAT_INTELLIGENCE', 'Cyber Threat Intelligence Specialist', [C, AI]),
  ecsf('ARCHITECT', 'Cybersecurity Architect', [C, I]),
  ecsf('AUDITOR', 'Cybersecurity Auditor', [C]),
  ecsf('EDUCATOR', 'Cybersecurity Educator', [C]),
  ecsf('IMPLEMENTER', 'Cybersecurity Implementer', [C, I]),
  ecsf('RESEARCHER', 'Cybersecurity Researcher', [C, AI]),
  ecsf('RISK_MANAGER', 'Cybersecurity Risk Manager', [C, I]),
  ecsf('FORENSICS', 'Digital Forensics Investigator', [C]),
  ecsf('PENETRATION_TESTER', 'Penetration Tester', [C]),
  dig('1.1', 'Browsing, searching and filtering data, information and digital content', [AI]),
  dig('1.2', 'Evaluating data, information and digital content', [AI]),
  dig('1.3', 'Managing data, information and digital content', [AI, P]),
  dig('2.1', 'Interacting through digital technologies', []),
  dig('2.4', 'Collaborating through digital technologies', []),
  dig('2.6', 'Managing digital identity', [C]),
  dig('3.1', 'Developing digital content', [P]),
  dig('3.4', 'Programming', [P, AI]),
  dig('4.1', 'Protecting devices', [C, I]),
  dig('4.2', 'Protecting personal data and privacy', [C]),
  dig('5.1', 'Solving technical problems', [I, P]),
  dig('5.3', 'Creatively using digital technologies', [AI]),
];

const BY_CODE = new Map(SKILLS.map((s) => [s.code, s]));
export function skillByCode(code: string): SkillRef | undefined {
  return BY_CODE.get(code);
}
/** Skills taught or sought on a track (never empty). */
export function skillsOfTrack(track: Track): SkillRef[] {
  return SKILLS.filter((s) => s.tracks.includes(track));
}
