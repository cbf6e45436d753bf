// Query.searchReserve's result. Its cursor holds the last hit's rank keys and names the search it
// belongs to (a digest of the parsed arguments), so a cursor of another search is refused.
import { badInput, fingerprintOf, pageOf, todayInFrance, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { rankKeyOf, searchFacets, searchReserve, type LevelCount, type RankKey, type ReserveSearch, type SearchFacets, type SearchHit } from '../data/search';
import { parseReserveSearch, type ReserveSearchArgs } from '../validation';
import { skillOf } from './skills';

export interface MatchSource {
  hit: SearchHit;
  /** Whether the search named a territory (proximity means something). */
  near: boolean;
}
export interface SearchResultSource {
  nodes: MatchSource[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
  facets: () => Promise<SearchFacets>;
}

const PROXIMITY = ['SAME_DEPARTMENT', 'SAME_REGION', 'ELSEWHERE'] as const;

function listOf(search: ReserveSearch): string {
  const { also: _also, ...args } = search;
  return `ReserveSearch.${fingerprintOf('searchReserve', args).slice(0, 16)}`;
}

function keyOfCursor(after: string): RankKey {
  const parts = after.split('~');
  const numbers = parts.slice(0, 5).map(Number);
  if (parts.length !== 6 || !numbers.every(Number.isSafeInteger)) throw badInput('after is not a cursor of this search', 'after');
  return [...(numbers as [number, number, number, number, number]), parts[5] as string];
}

/** Query.searchReserve. */
export async function searchReserveField(_: unknown, args: ReserveSearchArgs & PageArgs, ctx: Context): Promise<SearchResultSource> {
  const search = parseReserveSearch(args, todayInFrance());
  const page = pageOf(args, listOf(search));
  const rows = await searchReserve(ctx.db, search, page.first + 1, page.after ? keyOfCursor(page.after) : null);
  const { nodes, pageInfo } = toConnection(rows, page, (hit) => rankKeyOf(hit).join('~'));
  let facets: Promise<SearchFacets> | undefined;
  const facetsOnce = () => (facets ??= searchFacets(ctx.db, search));
  return {
    nodes: nodes.map((hit) => ({ hit, near: search.near !== undefined })),
    pageInfo,
    totalCount: async () => (await facetsOnce()).total,
    facets: facetsOnce,
  };
}

export const ReserveMatch = {
  reservist: ({ hit }: MatchSource, _: unknown, ctx: Context) => ctx.loaders.reservist.load(hit.id),
  matchedSkills: ({ hit }: MatchSource) => hit.matched,
  certifiedSkills: ({ hit }: MatchSource) => hit.certified,
  levelsAboveMinimum: ({ hit }: MatchSource) => hit.surplus,
  proximity: ({ hit, near }: MatchSource) => (near ? (PROXIMITY[hit.proximity] ?? null) : null),
  availableDays: ({ hit }: MatchSource) => hit.availableDays,
};

export const ReserveSearchFacets = {
  territories: (f: SearchFacets) => f.territories.map((t) => ({ territory: { code: t.departmentCode }, count: t.count })),
};

export const SkillLevelCount = {
  skill: (l: LevelCount) => skillOf(l.skillCode),
};
