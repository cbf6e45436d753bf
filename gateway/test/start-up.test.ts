import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('gateway start-up', () => {
  it('stops before listening with one line naming a wrong variable', () => {
    const entry = path.join(import.meta.dirname, '..', 'src', 'index.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, SNN_GATEWAY_ENGINE: 'fastest', GATEWAY_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration: SNN_GATEWAY_ENGINE must be one of ours, apollo (got "fastest")');
  });
});
