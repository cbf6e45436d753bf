// Responses to mobilisation orders, paged per order (by reservist id) or per reservist (by order id).
import { eq } from 'drizzle-orm';
import { countPerParent, pagePerParent, type Db, type Page } from '@snn/platform';
import { mobilisationResponses } from './tables';

export type ResponseRow = typeof mobilisationResponses.$inferSelect;
export type Answer = ResponseRow['answer'];

const answerIs = (answer?: Answer) => (answer ? eq(mobilisationResponses.answer, answer) : undefined);

export function responsesOfOrders(db: Db, orderIds: readonly string[], page: Page, answer?: Answer): Promise<ResponseRow[]> {
  return pagePerParent<ResponseRow>(
    db,
    mobilisationResponses,
    mobilisationResponses.orderId,
    mobilisationResponses.reservistId,
    orderIds,
    page,
    answerIs(answer),
  );
}

export function countResponsesOfOrders(db: Db, orderIds: readonly string[], answer?: Answer): Promise<Map<string, number>> {
  return countPerParent(db, mobilisationResponses, mobilisationResponses.orderId, orderIds, answerIs(answer));
}

export function responsesOfReservists(db: Db, reservistIds: readonly string[], page: Page, answer?: Answer): Promise<ResponseRow[]> {
  return pagePerParent<ResponseRow>(
    db,
    mobilisationResponses,
    mobilisationResponses.reservistId,
    mobilisationResponses.orderId,
    reservistIds,
    page,
    answerIs(answer),
  );
}

export function countResponsesOfReservists(db: Db, reservistIds: readonly string[], answer?: Answer): Promise<Map<string, number>> {
  return countPerParent(db, mobilisationResponses, mobilisationResponses.reservistId, reservistIds, answerIs(answer));
}
