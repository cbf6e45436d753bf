// A company moves the applications to its own offers, when it recruits outside the national round
// (the round places its candidates itself). The offer's row is locked, so that two acceptances at
// once never take more seats than the offer has.
import { eq } from 'drizzle-orm';
import { AppError, appendAudit, writeEntry, type Db, type Viewer } from '@snn/platform';
import { acceptedApplicationsOf, type ApplicationRow } from './applications';
import { lockOwnOffer } from './offerWrites';
import { applications } from './tables';

export type Decision = 'SHORTLISTED' | 'ACCEPTED' | 'REJECTED';
const LEGAL: Record<ApplicationRow['status'], readonly Decision[]> = {
  SUBMITTED: ['SHORTLISTED', 'REJECTED'],
  SHORTLISTED: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

export async function moveApplication(db: Db, viewer: Viewer, id: string, to: Decision): Promise<ApplicationRow> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(applications).where(eq(applications.id, id));
    // Another organisation's application looks like a missing one.
    if (!found || viewer.org === null || found.organisationId !== viewer.org) {
      throw new AppError('FORBIDDEN', `application ${id} is not an application to the caller's offers`, { field: 'id' });
    }
    const offer = await lockOwnOffer(tx, viewer, found.offerId);
    if (offer.nationalRound) {
      throw new AppError('CONFLICT', 'the offer is filled by the national placement round: its applications are not moved by hand', {
        reason: 'NATIONAL_ROUND',
      });
    }
    const [application] = (await tx.select().from(applications).where(eq(applications.id, id)).for('update')) as [ApplicationRow];
    if (application.status === to) return application;
    if (!LEGAL[application.status].includes(to)) {
      throw new AppError('CONFLICT', `the application is ${application.status}: it cannot become ${to}`, { field: 'status', status: application.status });
    }
    if (to === 'ACCEPTED') {
      if ((await acceptedApplicationsOf(tx, offer.id)) >= offer.seats) {
        throw new AppError('CONFLICT', `all ${offer.seats} seats of the offer are taken`, { reason: 'OFFER_FULL' });
      }
    }
    const [row] = (await tx.update(applications).set({ status: to }).where(eq(applications.id, id)).returning()) as [ApplicationRow];
    await appendAudit(tx, viewer, [writeEntry('moveApplication', ['offer:write'], [id, offer.id])]);
    return row;
  });
}
