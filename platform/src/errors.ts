// One error shape for the whole federation: a GraphQLError whose extensions.code is one of ErrorCode.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export type ErrorCode =
  'BAD_REQUEST' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
  }
}

export const badInput = (message: string, field?: string) => new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} "${id}" does not exist`);

/** Errors thrown by a database driver when the server is unreachable or shutting down. */
function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P03',
      '08006',
      '08001',
    ].includes(code) || /PGlite is closed|database is (closed|unavailable)/i.test(err.message)
  );
}

/**
 * Apollo's formatError: known codes pass through with their message; anything else is
 * masked so that no stack trace, SQL or personal value leaves the service.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return { ...formatted, extensions: { ...original.extensions, http: undefined } };
  const code = formatted.extensions?.code as string | undefined;
  if (code && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // A request Apollo Server refuses before running it (a persisted query whose hash does not match)
  // comes without a code but with a 4xx status: the caller keeps its reason.
  const refused = (original as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  if (refused && refused.code === undefined && typeof refused.http?.status === 'number' && refused.http.status >= 400 && refused.http.status < 500) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  if (isDatabaseUnavailable(original) || isDatabaseUnavailable((original as { cause?: unknown })?.cause)) {
    return { message: 'The database is unavailable; retry later', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
