import type { Resolvers } from '../generated/resolvers';
import { Citizen } from './Citizen';
import { Cohort } from './Cohort';
import { Assessment, Enrollment } from './Enrollment';
import { Query } from './Query';
import { CurriculumModule, Skill } from './Skill';
import { Territory } from './Territory';

export const resolvers: Resolvers = { Query, Citizen, Cohort, Enrollment, Assessment, CurriculumModule, Skill, Territory };
