import type { Resolvers } from '../generated/resolvers';
import { Citizen } from './Citizen';
import { CreditAward } from './CreditAward';
import { Module } from './Module';
import { Query } from './Query';
import { Territory } from './Territory';
import { University } from './University';

export const resolvers: Resolvers = { Query, University, Module, CreditAward, Citizen, Territory };
