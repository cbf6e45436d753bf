// One error shape for the whole federation: a GraphQLError whose extensions.code is one of ErrorCode.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'OPERATION_LIMIT'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * The HTTP status of an answer refused whole with that code (before anything ran). An error met
 * while running an operation answers 200 beside the data, as GraphQL over HTTP has it.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  OPERATION_LIMIT: 400,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    // A token that fails refuses the whole request, wherever it is found.
    const refusesWhole = code === 'UNAUTHENTICATED';
    super(message, { extensions: { code, ...extra, ...(refusesWhole ? { http: { status: HTTP_STATUS[code] } } : {}) } });
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
 * PostgreSQL's refusals of a value the caller sent that reached a query in the wrong form (a key
 * in a made-up cursor that is no UUID, a NUL character, a number out of range): the caller's error.
 */
const CLIENT_DATA_ERRORS = new Set(['22P02', '22007', '22008', '22003', '22001', '22021', '22P05']);
function isClientDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CLIENT_DATA_ERRORS.has(code);
}

/**
 * graphql-js suggests names near a wrong one ("Did you mean …?"): a way to read the schema field by
 * field without introspection. The caller keeps the rest of the message.
 */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean [^?]*\?/g, '');

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
    return { ...formatted, message: withoutSuggestions(formatted.message), extensions };
  }
  // A request Apollo Server refuses before running it (a persisted query whose hash does not match)
  // comes without a code but with a 4xx status: the caller keeps its reason.
  const refused = (original as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  if (refused && refused.code === undefined && typeof refused.http?.status === 'number' && refused.http.status >= 400 && refused.http.status < 500) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  const cause = (original as { cause?: unknown } | null)?.cause;
  if (isClientDataError(original) || isClientDataError(cause)) {
    return { message: 'a value of the request has the wrong form', path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (isDatabaseUnavailable(original) || isDatabaseUnavailable(cause)) {
    return { message: 'The database is unavailable; retry later', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** The name of the unique constraint a PostgreSQL error (or its cause, as drizzle wraps it) violated, if it is one. */
export function violatedUnique(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const pg = e as { code?: unknown; constraint?: string; constraint_name?: string };
    if (pg.code === '23505') return pg.constraint ?? pg.constraint_name ?? '';
  }
  return null;
}
