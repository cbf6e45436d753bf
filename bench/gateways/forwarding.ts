// @apollo/gateway's stock data source plus the one thing our subgraphs need from any gateway: the
// caller's Authorization header, forwarded to every subgraph call (they verify it again).
import { RemoteGraphQLDataSource } from '@apollo/gateway';

export interface ForwardingContext {
  authorization?: string;
}

export class ForwardingDataSource<TContext extends ForwardingContext = ForwardingContext> extends RemoteGraphQLDataSource<TContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<TContext>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}
