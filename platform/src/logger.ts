// pino: structured JSON logs, fast, with redaction so that tokens never reach a log line.
import { pino, type Logger } from 'pino';

const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');

export const rootLogger: Logger = pino({
  level,
  base: undefined,
  redact: {
    paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', '*.token', 'variables'],
    censor: '[redacted]',
  },
});

export function loggerFor(service: string): Logger {
  return rootLogger.child({ service });
}
export type { Logger };
