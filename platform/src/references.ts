// __resolveReference for entities a subgraph extends but does not own: any well-formed key is one
// (its owner decides whether it exists), a malformed key resolves to null, as an unknown entity must.
import { territoryByCode } from './reference/territories';
import { isUuid } from './validation';

/** What a subgraph holds of an entity another owns: its key alone (the parent of its fields). */
export interface TerritoryKey {
  code: string;
}
export interface CitizenKey {
  id: string;
}

export const territoryReference = (ref: TerritoryKey): TerritoryKey | null => (territoryByCode(ref.code) ? { code: ref.code } : null);
export const citizenReference = (ref: CitizenKey): CitizenKey | null => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null);
