import type { Resolvers } from '../generated/resolvers';
import { Citizen } from './Citizen';
import { Cohort } from './Cohort';
import { Assessment, Enrollment, EnrollmentTransition, ProposedInternship } from './Enrollment';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ServiceRecord } from './ServiceRecord';
import { CurriculumModule, Skill } from './Skill';
import { Territory } from './Territory';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Citizen,
  Cohort,
  Enrollment,
  EnrollmentTransition,
  ProposedInternship,
  ServiceRecord,
  Assessment,
  CurriculumModule,
  Skill,
  Territory,
};
