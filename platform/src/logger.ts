// pino: structured JSON logs, fast, with redaction so that tokens never reach a log line.
import { pino, type Logger } from 'pino';
import { ConfigError, loadConfig } from './config';

// A wrong variable elsewhere is reported by the service's own loadConfigOrExit, not at import here.
function logLevel(): string {
  try {
    return loadConfig().logLevel;
  } catch (error) {
    if (error instanceof ConfigError) return 'info';
    throw error;
  }
}
const level = logLevel();

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
