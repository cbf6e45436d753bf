import type { Resolvers } from '../generated/resolvers';
import { Citizen, ReserveInvitation } from './Citizen';
import { MilitaryInternshipHost } from './MilitaryInternshipHost';
import { MobilisationOrder, MobilisationResponse, SkillRequirement } from './MobilisationOrder';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ReserveMatch, ReserveSearchFacets, SkillLevelCount } from './ReserveSearch';
import { AvailabilityWindow, ReserveTraining, Reservist, ReservistSkill } from './Reservist';
import { Territory } from './Territory';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Citizen,
  ReserveInvitation,
  Territory,
  Reservist,
  ReserveMatch,
  ReserveSearchFacets,
  SkillLevelCount,
  ReservistSkill,
  ReserveTraining,
  AvailabilityWindow,
  MobilisationOrder,
  SkillRequirement,
  MobilisationResponse,
  MilitaryInternshipHost,
};
