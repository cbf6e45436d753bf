// Baseline for `pnpm bench`: @apollo/gateway as its README shows it, with default settings. The
// only additions are what any deployment over our subgraphs needs: the caller's Authorization
// header forwarded to every subgraph, the subgraphs' bench URLs, and no telemetry (this machine
// sends nothing outside loopback).
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ForwardingDataSource, type ForwardingContext } from './forwarding';
import { supergraphForBench } from './supergraph';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const gateway = new ApolloGateway({
  supergraphSdl: supergraphForBench(),
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
const server = new ApolloServer<ForwardingContext>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`stock @apollo/gateway ready at ${url}`);
