// Baseline for `pnpm bench`: Hive Gateway's runtime (the engine of @graphql-hive/gateway) serving
// the same supergraph with its default settings; it only forwards the caller's Authorization header
// to the subgraphs, which need it.
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { supergraphForBench } from './supergraph';

const sdl = supergraphForBench();
const gateway = createGatewayRuntime({
  supergraph: () => sdl,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  logging: 'warn',
});
const port = Number(process.env.PORT);
createServer(gateway).listen(port, '127.0.0.1', () => console.log(`Hive Gateway ready at http://127.0.0.1:${port}/graphql`));
