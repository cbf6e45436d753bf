import { departmentCodesOf, notFound, requireInt, pageOf, requireTerritory, requireUuid, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { callUpFigures } from '../data/figures';
import { listHosts, type HostRow } from '../data/hosts';
import { countOrders, listOrders } from '../data/orders';
import { countReservists, listReservists } from '../data/reservists';
import { searchReserveField } from './ReserveSearch';
import { orderFilterOf, reservistFilterOf, type OrderFilterInput, type ReservistFilterInput } from '../validation';

export const Query = {
  callUpFigures: async (_: unknown, args: { kind: 'CRISIS' | 'EXERCISE'; year: number }, ctx: Context) => {
    const year = requireInt(args.year, 'year', { min: 2000, max: 2100 });
    return { kind: args.kind, year, ...(await callUpFigures(ctx.db, args.kind, String(year))) };
  },
  searchReserve: searchReserveField,
  reservists: async (_: unknown, args: PageArgs & { filter?: ReservistFilterInput | null }, ctx: Context) => {
    const filter = reservistFilterOf(args.filter ?? {});
    const page = pageOf(args, 'Reservist');
    const rows = await listReservists(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countReservists(ctx.db, filter) };
  },
  reservist: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.reservist.load(requireUuid(id))) ?? Promise.reject(notFound('Reservist', id)),
  mobilisationOrders: async (_: unknown, args: PageArgs & { filter?: OrderFilterInput | null }, ctx: Context) => {
    const filter = orderFilterOf(args.filter ?? {});
    const page = pageOf(args, 'MobilisationOrder');
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
