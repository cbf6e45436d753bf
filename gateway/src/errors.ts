// What the gateway adds to the shared error shape: a subgraph that cannot be reached is
// SERVICE_UNAVAILABLE, without its internal URL in the message.
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

// Node's and undici's words for a connection refused, dropped or timed out.
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|other side closed|UND_ERR|Headers Timeout|Body Timeout|request to .* failed|fetch failed/i;

export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error) as Error | undefined;
  const text = `${original?.message ?? ''} ${(original as { cause?: Error })?.cause?.message ?? ''} ${formatted.message}`;
  if (UNREACHABLE.test(text)) {
    return { message: 'A service of the federation is unavailable; retry later', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  return formatted;
}
