import { notFound, pageOf, requireUuid, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { listCitizens } from '../data/citizens';
import { countCohorts, listCohorts, type CohortFilter, type CohortRow } from '../data/cohorts';
import { listSkills, type SkillRow } from '../data/skills';
import { citizenFilterOf, cohortFilterOf, type CitizenFilterInput, type CohortFilterInput } from '../validation';

export function cohortConnection(ctx: Context, filter: CohortFilter, args: PageArgs) {
  const page = pageOf(args, 'Cohort');
  return listCohorts(ctx.db, filter, page).then((rows) => ({
    ...toConnection(rows, page, (r) => r.id),
    totalCount: () => countCohorts(ctx.db, filter),
  }));
}

export const Query = {
  cohorts: (_: unknown, args: PageArgs & { filter?: CohortFilterInput | null }, ctx: Context) => cohortConnection(ctx, cohortFilterOf(args.filter ?? {}), args),
  cohort: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.cohort.load(requireUuid(id))) ?? Promise.reject(notFound('Cohort', id)),
  citizen: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.citizen.load(requireUuid(id))) ?? Promise.reject(notFound('Citizen', id)),
  citizens: async (_: unknown, args: PageArgs & { filter?: CitizenFilterInput | null }, ctx: Context) => {
    const page = pageOf(args, 'Citizen');
    return toConnection(await listCitizens(ctx.db, citizenFilterOf(args.filter ?? {}), page), page, (r) => r.id);
  },
  skills: (_: unknown, args: { framework?: SkillRow['framework'] | null; track?: SkillRow['tracks'][number] | null }, ctx: Context) =>
    listSkills(ctx.db, { framework: args.framework ?? undefined, track: args.track ?? undefined }),
  skill: async (_: unknown, { code }: { code: string }, ctx: Context) => (await ctx.loaders.skill.load(code)) ?? Promise.reject(notFound('Skill', code)),
  curriculum: (_: unknown, { track }: { track: CohortRow['track'] }, ctx: Context) => ctx.loaders.curriculumOfTrack.load(track),
};
