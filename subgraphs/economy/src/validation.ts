// Identifier checks of this subgraph, beside platform's requireUuid: SIREN input, and silent
// checks for `_entities`, where an unknown or malformed key resolves to null instead of an error.
import { badInput } from '@snn/platform';

const SIREN = /^\d{9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isSiren = (id: string): boolean => SIREN.test(id);
export const isUuid = (id: string): boolean => UUID.test(id);

export function requireSiren(id: string, field = 'id'): string {
  if (!isSiren(id)) throw badInput(`${field} must be a SIREN: 9 digits, e.g. "552081317"`, field);
  return id;
}
