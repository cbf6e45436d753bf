// Companies write their offers and move applications; the agency records citizens' choices. Thin
// resolvers over data/postOffer, data/offerWrites, data/applicationWrites and data/preferences.
// @scopes (offer:write, placement:write) is checked before these run.
import { requireIdempotencyKey, requireText, requireUuid, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { moveApplication, type Decision } from '../data/applicationWrites';
import { closeOffer, publishOffer, updateOffer, type OfferChanges } from '../data/offerWrites';
import { postOffer } from '../data/postOffer';
import { requireRound, setPreferences } from '../data/preferences';
import { parseOfferInput, type OfferInput } from '../validation';
import { postingOrganisation } from '../visibility';

const REASON_MAX = 500;

export const Mutation = {
  // @scopes(offer:write) is checked before this runs; then the organisation, then the input.
  postInternshipOffer: async (_: unknown, args: { input: OfferInput; idempotencyKey: string }, ctx: Context) => {
    const organisationId = postingOrganisation(ctx.viewer, args.input.organisationId);
    const key = requireIdempotencyKey(args.idempotencyKey);
    const offer = parseOfferInput(args.input);
    return postOffer(ctx.db, { organisationId, viewer: ctx.viewer }, offer, key, { today: todayInFrance() });
  },
  updateInternshipOffer: (_: unknown, args: { id: string; input: OfferChanges }, ctx: Context) =>
    updateOffer(ctx.db, ctx.viewer, requireUuid(args.id), args.input, todayInFrance()),
  publishInternshipOffer: (_: unknown, args: { id: string }, ctx: Context) => publishOffer(ctx.db, ctx.viewer, requireUuid(args.id), todayInFrance()),
  closeInternshipOffer: (_: unknown, args: { id: string; reason: string }, ctx: Context) =>
    closeOffer(ctx.db, ctx.viewer, requireUuid(args.id), requireText(args.reason, 'reason', REASON_MAX)),
  moveApplication: (_: unknown, args: { id: string; status: Decision }, ctx: Context) => moveApplication(ctx.db, ctx.viewer, requireUuid(args.id), args.status),
  setPlacementPreferences: async (_: unknown, args: { citizenId: string; round: string; offerIds: readonly string[] }, ctx: Context) => {
    const req = {
      citizenId: requireUuid(args.citizenId, 'citizenId'),
      round: requireRound(args.round),
      offerIds: args.offerIds.map((id, i) => requireUuid(id, `offerIds[${i}]`)),
    };
    return { preferences: await setPreferences(ctx.db, ctx.viewer, req, todayInFrance()) };
  },
};
