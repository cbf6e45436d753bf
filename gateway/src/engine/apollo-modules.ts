// @apollo/gateway's modules, and the CommonJS build of graphql it runs on, loaded as it loads them.
// Its errors must be of that build's GraphQLError class, and federation-internals' classes the ones
// its executor checks; and the internal modules that operation-reuse.ts, result-shaping.ts and
// plan-execution.ts replace an export of are reachable this way (the package has no exports map).
import { createRequire } from 'node:module';

export const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
export const graphql = gatewayRequire('graphql') as typeof import('graphql');
