import { badInput, departmentCodesOf, isoDate, notFound, pageOf, requireTerritory, requireUuid, skillByCode, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { listHosts, type HostRow } from '../data/hosts';
import { areaCodesOverlapping } from '../data/areas';
import { countOrders, listOrders, type OrderFilter, type OrderRow } from '../data/orders';
import { countReservists, listReservists, type ReservistFilter, type ReservistRow } from '../data/reservists';

interface ReservistFilterInput {
  territory?: string | null;
  skill?: string | null;
  minLevel?: number | null;
  engagement?: ReservistRow['engagement'] | null;
  clearance?: ReservistRow['clearance'] | null;
  kind?: ReservistRow['kind'] | null;
  availableOn?: Date | string | null;
}
interface OrderFilterInput {
  territory?: string | null;
  kind?: OrderRow['kind'] | null;
  status?: OrderRow['status'] | null;
}

function reservistFilterOf(f: ReservistFilterInput): ReservistFilter {
  if (f.skill != null && !skillByCode(f.skill))
    throw badInput(`"${f.skill}" is not a skill code of the reference (e.g. "ECF.B.3", "ECSF.INCIDENT_RESPONDER")`, 'skill');
  if (f.minLevel != null && !(Number.isInteger(f.minLevel) && f.minLevel >= 1 && f.minLevel <= 5))
    throw badInput('minLevel must be a level between 1 and 5', 'minLevel');
  return {
    departmentCodes: f.territory != null ? departmentCodesOf(requireTerritory(f.territory)) : undefined,
    skillCode: f.skill ?? undefined,
    minLevel: f.minLevel ?? undefined,
    engagement: f.engagement ?? undefined,
    clearance: f.clearance ?? undefined,
    kind: f.kind ?? undefined,
    availableOn: isoDate(f.availableOn),
  };
}

function orderFilterOf(f: OrderFilterInput): OrderFilter {
  return {
    areaCodes: f.territory != null ? areaCodesOverlapping(requireTerritory(f.territory)) : undefined,
    kind: f.kind ?? undefined,
    status: f.status ?? undefined,
  };
}

export const Query = {
  reservists: async (_: unknown, args: PageArgs & { filter?: ReservistFilterInput | null }, ctx: Context) => {
    const filter = reservistFilterOf(args.filter ?? {});
    const page = pageOf(args);
    const rows = await listReservists(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countReservists(ctx.db, filter) };
  },
  reservist: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.reservist.load(requireUuid(id))) ?? Promise.reject(notFound('Reservist', id)),
  mobilisationOrders: async (_: unknown, args: PageArgs & { filter?: OrderFilterInput | null }, ctx: Context) => {
    const filter = orderFilterOf(args.filter ?? {});
    const page = pageOf(args);
    const rows = await listOrders(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countOrders(ctx.db, filter) };
  },
  mobilisationOrder: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.order.load(requireUuid(id))) ?? Promise.reject(notFound('MobilisationOrder', id)),
  militaryInternshipHosts: (_: unknown, args: { territory?: string | null; track?: HostRow['tracks'][number] | null }, ctx: Context) =>
    listHosts(ctx.db, {
      departmentCodes: args.territory != null ? departmentCodesOf(requireTerritory(args.territory)) : undefined,
      track: args.track ?? undefined,
    }),
};
