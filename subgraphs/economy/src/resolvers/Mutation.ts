import type { Context } from '../context';
import { postOffer } from '../data/postOffer';
import { requireIdempotencyKey, todayInFrance } from '@snn/platform';
import { parseOfferInput, type OfferInput } from '../validation';
import { postingOrganisation } from '../visibility';

export const Mutation = {
  // @scopes(offer:write) is checked before this runs; then the organisation, then the input.
  postInternshipOffer: async (_: unknown, args: { input: OfferInput; idempotencyKey: string }, ctx: Context) => {
    const organisationId = postingOrganisation(ctx.viewer, args.input.organisationId);
    const key = requireIdempotencyKey(args.idempotencyKey);
    const offer = parseOfferInput(args.input);
    return postOffer(ctx.db, { organisationId, requestedBy: ctx.viewer.sub }, offer, key, { today: todayInFrance() });
  },
};
