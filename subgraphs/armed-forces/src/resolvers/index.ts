import type { Resolvers } from '../generated/resolvers';
import { Citizen, ReserveInvitation } from './Citizen';
import { MilitaryInternshipHost } from './MilitaryInternshipHost';
import { MobilisationOrder, MobilisationResponse, SkillRequirement } from './MobilisationOrder';
import { Query } from './Query';
import { AvailabilityWindow, Reservist, ReservistSkill } from './Reservist';
import { Territory } from './Territory';

export const resolvers: Resolvers = {
  Query,
  Citizen,
  ReserveInvitation,
  Territory,
  Reservist,
  ReservistSkill,
  AvailabilityWindow,
  MobilisationOrder,
  SkillRequirement,
  MobilisationResponse,
  MilitaryInternshipHost,
};
