// Companies write their offers and move applications; the agency records citizens' choices. Thin
// resolvers over data/postOffer, data/offerWrites, data/applicationWrites and data/preferences.
// @scopes (offer:write, placement:write) is checked before these run.
import { badInput, requireIdempotencyKey, requireText, requireUuid, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { moveApplication, type Decision } from '../data/applicationWrites';
import { closeOffer, publishOffer, updateOffer, type OfferChanges } from '../data/offerWrites';
import { postOffer } from '../data/postOffer';
import { requireRound, setPreferences } from '../data/preferences';
import { executeRound, publishRound, requestRound } from '../placement/rounds';
import { parseOfferInput, type OfferInput } from '../validation';
import { postingOrganisation } from '../visibility';

const REASON_MAX = 500;
const SEED_MAX = 100;

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
  startPlacementRound: async (
    _: unknown,
    args: { input: { intake: string; cohortId?: string | null; dryRun?: boolean | null; seed?: string | null }; idempotencyKey?: string | null },
    ctx: Context,
  ) => {
    const { input } = args;
    const seed = input.seed == null ? null : input.seed.trim();
    if (seed !== null && (seed.length === 0 || seed.length > SEED_MAX)) throw badInput(`input.seed must be 1–${SEED_MAX} characters`, 'input.seed');
    const req = {
      intake: requireRound(input.intake, 'input.intake'),
      cohortId: input.cohortId == null ? null : requireUuid(input.cohortId, 'input.cohortId'),
      dryRun: input.dryRun ?? true,
      seed,
    };
    const key = args.idempotencyKey == null ? null : requireIdempotencyKey(args.idempotencyKey);
    const { round, replayed } = await requestRound(ctx.db, ctx.viewer, req, key);
    // Runs after the answer leaves: the caller follows `phase` and `progress` on the round.
    if (!replayed) setImmediate(() => void executeRound(ctx.db, ctx.viewer, round.id));
    return round;
  },
  publishPlacementRound: (_: unknown, args: { id: string }, ctx: Context) => publishRound(ctx.db, ctx.viewer, requireUuid(args.id)),
};
