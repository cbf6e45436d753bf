// Scalars shared by every subgraph's SDL (`scalar Date`, `scalar DateTime`), from graphql-scalars.
import { DateResolver, DateTimeResolver } from 'graphql-scalars';

export const scalarResolvers = { Date: DateResolver, DateTime: DateTimeResolver };
