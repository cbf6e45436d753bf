import type { Resolvers } from '../generated/resolvers';
import { BasicIncomePilot } from './BasicIncomePilot';
import { IndicatorObservation } from './IndicatorObservation';
import { Query } from './Query';
import { Territory } from './Territory';
import { UbsCoverage } from './UbsCoverage';

export const resolvers: Resolvers = { Query, Territory, UbsCoverage, BasicIncomePilot, IndicatorObservation };
