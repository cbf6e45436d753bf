// Boots the gateway alone: `pnpm --filter @snn/gateway start`.
import { loggerFor, stopOnSignal } from '@snn/platform';
import { startGateway } from './server';

const running = await startGateway();
stopOnSignal(() => running.stop(), loggerFor('gateway'));
