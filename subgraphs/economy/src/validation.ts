// Identifier checks of this subgraph, beside platform's requireUuid: SIREN input, and silent
// checks for `_entities`, where an unknown or malformed key resolves to null instead of an error.
import { badInput } from '@snn/platform';

const SIREN = /^\d{9}$/;

export const isSiren = (id: string): boolean => SIREN.test(id);

export function requireSiren(id: string, field = 'id'): string {
  if (!isSiren(id)) throw badInput(`${field} must be a SIREN: 9 digits, e.g. "552081317"`, field);
  return id;
}
