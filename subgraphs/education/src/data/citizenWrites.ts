// The agency's systems register each person once, under the pseudonymous id of its identity
// provider. Personal data: the write is audited with citizen:pii, in its own transaction.
import { eq } from 'drizzle-orm';
import { AppError, type Db, type Viewer } from '@snn/platform';
import type { CitizenRow } from './citizens';
import { citizens } from './tables';
import { audit } from './writing';

export const REGISTER_SCOPES = ['cohort:write', 'citizen:pii'] as const;
type NewCitizen = Omit<CitizenRow, 'createdAt'>;

const sameFacts = (a: NewCitizen, b: NewCitizen) =>
  a.birthDate === b.birthDate &&
  a.departmentCode === b.departmentCode &&
  a.educationLevel === b.educationLevel &&
  a.priorityNeighbourhood === b.priorityNeighbourhood;

/** Registers `citizen`; the same id with the same facts again is a replay, with other facts a CONFLICT. */
export async function registerCitizen(db: Db, viewer: Viewer, citizen: NewCitizen): Promise<{ citizen: CitizenRow; replayed: boolean }> {
  return db.transaction(async (tx) => {
    // A concurrent registration of the same id waits here on the primary key until the first commits.
    const [created] = await tx.insert(citizens).values(citizen).onConflictDoNothing().returning();
    if (created) {
      await audit(tx, viewer, 'registerCitizen', [citizen.id], REGISTER_SCOPES);
      return { citizen: created, replayed: false };
    }
    const [known] = await tx.select().from(citizens).where(eq(citizens.id, citizen.id));
    if (!known || !sameFacts(known, citizen)) {
      // Which facts differ is not said: they are personal, and the caller holds its own copy.
      throw new AppError('CONFLICT', 'input.id: this citizen is already registered with other facts; a rectification is a data-rights request', {
        field: 'input.id',
      });
    }
    return { citizen: known, replayed: true };
  });
}
