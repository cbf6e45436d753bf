// Boots the gateway: `pnpm --filter @snn/gateway start` (and `pnpm start`). With
// SNN_GATEWAY_WORKERS=n (default 1) it runs n Node cluster workers sharing the port: one per core
// on a machine where the gateway has the cores to itself.
import cluster from 'node:cluster';
import { loadConfigOrExit, loggerFor, stopOnSignal } from '@snn/platform';
import { startGateway } from './server';

const { workers } = loadConfigOrExit().gateway;
const log = loggerFor('gateway');

if (workers > 1 && cluster.isPrimary) {
  log.info({ workers }, 'starting gateway workers');
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log.error({ worker: worker.id, code }, 'a gateway worker exited: stopping');
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exitCode = 1;
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill(signal);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  const running = await startGateway();
  stopOnSignal(() => running.stop(), log);
}
