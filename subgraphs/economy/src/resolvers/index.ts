import type { Resolvers } from '../generated/resolvers';
import { Application } from './Application';
import { Citizen } from './Citizen';
import { InternshipOffer } from './InternshipOffer';
import { Mutation } from './Mutation';
import { Organisation } from './Organisation';
import { Placement } from './Placement';
import { PlacementPreference } from './PlacementPreference';
import { PlacementOutcome, PlacementRound } from './PlacementRound';
import { Query } from './Query';
import { Territory } from './Territory';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Organisation,
  InternshipOffer,
  Application,
  Placement,
  PlacementPreference,
  PlacementRound,
  PlacementOutcome,
  Citizen,
  Territory,
};
