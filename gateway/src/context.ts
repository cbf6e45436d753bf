// The gateway's per-request context and its options: types only, imported by every layer
// (auth, transport, engine) and by server.ts, so none of them imports server.ts.
import type { AuthSetting, GatewayEngine, SubgraphName, Viewer } from '@snn/platform';

export interface GatewayContext {
  /** The caller's Authorization header, forwarded untouched to every subgraph. */
  authorization?: string;
  viewer: Viewer;
  /** Set by the scopes plugin when the operation reads no personal data (see SubgraphSource). */
  shareCalls?: boolean;
}

export interface GatewayOptions {
  /** Subgraph URLs by name; defaults to `<NAME>_URL` or localhost on the default ports. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  supergraphSdl?: string;
  port?: number;
  host?: string;
  /** Token issuer, audience and keys; defaults to the environment. */
  auth?: AuthSetting;
  /** Keep-alive connections per subgraph; default SNN_SUBGRAPH_CONNECTIONS. */
  subgraphConnections?: number;
  /** Give up on a subgraph after this long; default SNN_SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeoutMs?: number;
  /** Which parts are ours and which Apollo's; default SNN_GATEWAY_ENGINE and its overrides. */
  engine?: Partial<GatewayEngine>;
}
