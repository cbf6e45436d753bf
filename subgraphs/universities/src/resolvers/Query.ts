import { isoDate, notFound, pageOf, requireUuid, territoryScopeInput, toConnection, type PageArgs, ownerFilter, ownRow } from '@snn/platform';
import type { Context } from '../context';
import { verifyCredential } from '../data/credentials';
import { credentialOf } from './Citizen';
import { countCredits, listCredits, type CreditFilter, type CreditStatus } from '../data/credits';
import { countModules, listModules, type ModuleFilter, type Track } from '../data/modules';
import { countUniversities, listUniversities } from '../data/universities';
import { requireLanguage, requireModuleCode, requireUai } from '../validation';

interface UniversityFilterInput {
  territory?: string | null;
}
interface ModuleFilterInput {
  territory?: string | null;
  track?: Track | null;
  universityId?: string | null;
  language?: string | null;
}
interface CreditFilterInput {
  universityId?: string | null;
  moduleCode?: string | null;
  status?: CreditStatus | null;
  awardedOnOrAfter?: Date | null;
}

export function moduleConnection(ctx: Context, filter: ModuleFilter, args: PageArgs) {
  const page = pageOf(args, 'Module');
  return listModules(ctx.db, filter, page).then((rows) => ({
    ...toConnection(rows, page, (r) => r.code),
    totalCount: () => countModules(ctx.db, filter),
  }));
}

export const Query = {
  universities: async (_: unknown, args: PageArgs & { filter?: UniversityFilterInput | null }, ctx: Context) => {
    const place = territoryScopeInput(args.filter?.territory);
    const page = pageOf(args, 'University');
    const rows = await listUniversities(ctx.db, place, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countUniversities(ctx.db, place) };
  },
  university: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.university.load(requireUai(id))) ?? Promise.reject(notFound('University', id)),
  modules: (_: unknown, args: PageArgs & { filter?: ModuleFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    return moduleConnection(
      ctx,
      {
        place: territoryScopeInput(f.territory),
        track: f.track ?? undefined,
        universityId: ownerFilter(ctx.viewer, f.universityId != null ? requireUai(f.universityId, 'universityId') : undefined, 'credits'),
        language: f.language != null ? requireLanguage(f.language) : undefined,
      },
      args,
    );
  },
  module: async (_: unknown, { code }: { code: string }, ctx: Context) =>
    (await ctx.loaders.module.load(requireModuleCode(code))) ?? Promise.reject(notFound('Module', code)),
  creditAwards: async (_: unknown, args: PageArgs & { filter?: CreditFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    const filter: CreditFilter = {
      universityId: ownerFilter(ctx.viewer, f.universityId != null ? requireUai(f.universityId, 'universityId') : undefined, 'credits'),
      moduleCode: f.moduleCode != null ? requireModuleCode(f.moduleCode, 'moduleCode') : undefined,
      status: f.status ?? undefined,
      awardedOnOrAfter: isoDate(f.awardedOnOrAfter),
    };
    const page = pageOf(args, 'CreditAward');
    const rows = await listCredits(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countCredits(ctx.db, filter) };
  },
  creditAward: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    ownRow(ctx.viewer, await ctx.loaders.creditAward.load(requireUuid(id)), (a) => a.universityId) ?? Promise.reject(notFound('CreditAward', id)),
  creditCredential: (_: unknown, args: { citizenId: string; universityId: string }, ctx: Context) =>
    credentialOf(ctx, requireUuid(args.citizenId, 'citizenId'), args.universityId),
  verifyCreditCredential: (_: unknown, { jwt }: { jwt: string }, ctx: Context) => verifyCredential(ctx.db, jwt),
};
