import type { Resolvers } from '../generated/resolvers';
import { Citizen } from './Citizen';
import { CreditAward } from './CreditAward';
import { CreditCredential, CredentialVerification } from './CreditCredential';
import { Module } from './Module';
import { Mutation } from './Mutation';
import { PublishCreditsPayload } from './PublishCreditsPayload';
import { Query } from './Query';
import { Territory } from './Territory';
import { University } from './University';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  University,
  Module,
  CreditAward,
  PublishCreditsPayload,
  CreditCredential,
  CredentialVerification,
  Citizen,
  Territory,
};
