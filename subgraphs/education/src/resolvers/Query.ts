import { notFound, regionCodeOf, pageOf, requireTerritory, requireUuid, departmentCodesOf, isoDate, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { listCitizens, type CitizenRow } from '../data/citizens';
import { countCohorts, listCohorts, type CohortFilter, type CohortRow } from '../data/cohorts';
import { listSkills, type SkillRow } from '../data/skills';

interface CohortFilterInput {
  territory?: string;
  track?: CohortRow['track'];
  phase?: CohortRow['phase'];
  startsOnOrAfter?: Date;
  startsOnOrBefore?: Date;
}
interface CitizenFilterInput {
  territory?: string;
  educationLevel?: CitizenRow['educationLevel'];
  graduate?: boolean;
}

/** Cohorts are regional: a département filter means the cohorts of its region. */
export function regionCodesOf(territory: string | undefined): string[] | undefined {
  if (territory === undefined) return undefined;
  const t = requireTerritory(territory);
  return [regionCodeOf(t)];
}

export function cohortConnection(ctx: Context, filter: CohortFilter, args: PageArgs) {
  const page = pageOf(args);
  return listCohorts(ctx.db, filter, page).then((rows) => ({
    ...toConnection(rows, page, (r) => r.id),
    totalCount: () => countCohorts(ctx.db, filter),
  }));
}

export const Query = {
  cohorts: (_: unknown, args: PageArgs & { filter?: CohortFilterInput }, ctx: Context) => {
    const f = args.filter ?? {};
    return cohortConnection(
      ctx,
      {
        regionCodes: regionCodesOf(f.territory),
        track: f.track,
        phase: f.phase,
        startsOnOrAfter: isoDate(f.startsOnOrAfter),
        startsOnOrBefore: isoDate(f.startsOnOrBefore),
      },
      args,
    );
  },
  cohort: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.cohort.load(requireUuid(id))) ?? Promise.reject(notFound('Cohort', id)),
  citizen: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.citizen.load(requireUuid(id))) ?? Promise.reject(notFound('Citizen', id)),
  citizens: async (_: unknown, args: PageArgs & { filter?: CitizenFilterInput }, ctx: Context) => {
    const f = args.filter ?? {};
    const page = pageOf(args);
    const rows = await listCitizens(
      ctx.db,
      {
        departmentCodes: f.territory !== undefined ? departmentCodesOf(requireTerritory(f.territory)) : undefined,
        educationLevel: f.educationLevel,
        graduate: f.graduate ?? undefined,
      },
      page,
    );
    return toConnection(rows, page, (r) => r.id);
  },
  skills: (_: unknown, args: { framework?: SkillRow['framework']; track?: SkillRow['tracks'][number] }, ctx: Context) =>
    listSkills(ctx.db, { framework: args.framework ?? undefined, track: args.track ?? undefined }),
  skill: async (_: unknown, { code }: { code: string }, ctx: Context) => (await ctx.loaders.skill.load(code)) ?? Promise.reject(notFound('Skill', code)),
  curriculum: (_: unknown, { track }: { track: CohortRow['track'] }, ctx: Context) => ctx.loaders.curriculumOfTrack.load(track),
};
