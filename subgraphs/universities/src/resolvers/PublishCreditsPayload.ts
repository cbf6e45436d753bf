import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { CreditAwardRow } from '../data/credits';

/** The batch's awards, in id order (the cursor is an id), read through the award loader. */
export const PublishCreditsPayload = {
  awards: async (p: { awardIds: readonly string[] }, args: PageArgs, ctx: Context) => {
    const page = pageOf(args, 'PublishedCreditAward');
    const ids = [...p.awardIds]
      .sort()
      .filter((id) => page.after === null || id > page.after)
      .slice(0, page.first + 1);
    const rows = (await ctx.loaders.creditAward.loadMany(ids)).filter((r): r is CreditAwardRow => r !== null && !(r instanceof Error));
    return { ...toConnection(rows, page, (r) => r.id), totalCount: p.awardIds.length };
  },
};
