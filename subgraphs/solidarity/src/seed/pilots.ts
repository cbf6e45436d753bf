// The basic-income pilots: eight départements, 2025–2027. A pilot's size is part of its
// experimental design (a share of the département's population), not a statistic of the universe.
import { addDays, addMonths, department, type TerritoryRef } from '@snn/platform';
import { demoUuid, Rng, type Universe } from '@snn/platform/demo';
import type { basicIncomePilots } from '../data/tables';

type PilotInsert = typeof basicIncomePilots.$inferInsert;

const PILOTS: Array<{ department: string; name: string; euros: number; indexation: PilotInsert['indexation']; start: string; months: number }> = [
  { department: '33', name: 'Revenu de base de la Gironde', euros: 500, indexation: 'CPI', start: '2025-01-01', months: 30 },
  { department: '93', name: 'Revenu de base jeunes de Seine-Saint-Denis', euros: 550, indexation: 'CPI', start: '2025-03-01', months: 24 },
  { department: '59', name: 'Socle citoyen du Nord', euros: 480, indexation: 'SMIC', start: '2025-04-01', months: 24 },
  { department: '35', name: 'Revenu de base d’Ille-et-Vilaine', euros: 520, indexation: 'CPI', start: '2025-06-01', months: 30 },
  { department: '31', name: 'Revenu d’autonomie de Haute-Garonne', euros: 600, indexation: 'SMIC', start: '2025-09-01', months: 24 },
  { department: '23', name: 'Revenu universel rural de la Creuse', euros: 500, indexation: 'NONE', start: '2025-01-01', months: 36 },
  { department: '974', name: 'Revenu de base de La Réunion', euros: 560, indexation: 'CPI', start: '2025-07-01', months: 24 },
  { department: '54', name: 'Revenu de transition de Meurthe-et-Moselle', euros: 500, indexation: 'CPI', start: '2025-10-01', months: 24 },
];

export function pilotRows(universe: Universe): PilotInsert[] {
  return PILOTS.map((p, i) => {
    const rng = new Rng(universe.seed, 'basic-income-pilot', i);
    const population = (department(p.department) as TerritoryRef).population;
    const drawn = Math.round((population * (0.0015 + rng.next() * 0.0015)) / 10) * 10;
    return {
      id: demoUuid(universe.seed, 'basic-income-pilot', i),
      name: p.name,
      territoryCode: p.department,
      monthlyAmountCents: p.euros * 100,
      indexation: p.indexation,
      startDate: p.start,
      endDate: addDays(addMonths(p.start, p.months), -1),
      participants: Math.min(5000, Math.max(250, drawn)),
    };
  });
}
