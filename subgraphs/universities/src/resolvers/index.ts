import { Citizen } from './Citizen';
import { CreditAward } from './CreditAward';
import { Module } from './Module';
import { Query } from './Query';
import { Territory } from './Territory';
import { University } from './University';

export const resolvers = { Query, University, Module, CreditAward, Citizen, Territory };
