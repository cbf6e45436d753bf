// The reserve directorate's writes: thin resolvers over data/. @scopes (reserve:write) is checked
// before these run; a caller acting for an organisation is refused whatever its scopes.
import { todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { assertMayDecideClearances, clearanceOn, setSecurityClearance } from '../data/clearances';
import { parseClearanceChange, type ClearanceArgs } from '../validation';

export const Mutation = {
  setSecurityClearance: async (_: unknown, args: ClearanceArgs, ctx: Context) => {
    assertMayDecideClearances(ctx.viewer);
    const today = todayInFrance();
    const { row } = await setSecurityClearance(ctx.db, ctx.viewer, parseClearanceChange(args, today), today);
    return clearanceOn(row, today);
  },
};
