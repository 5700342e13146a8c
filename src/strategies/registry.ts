/** Every built-in strategy, in the order tables list them. Ids are stable (docs/architecture.md, "Strategies"). */
import { axiosH1 } from './axios-h1.js';
import { axiosH2 } from './axios-h2.js';
import { fetchStrategy } from './fetch.js';
import { gotH1 } from './got-h1.js';
import { gotH2 } from './got-h2.js';
import { grpcJs } from './grpc-js.js';
import { http2SessionPerRequest } from './http2-session-per-request.js';
import { http2SingleSession } from './http2-single-session.js';
import { httpsKeepalive } from './https-keepalive.js';
import { smithyH2 } from './smithy-h2.js';
import type { Strategy } from './types.js';
import { undiciH1 } from './undici-h1.js';
import { undiciH2Single } from './undici-h2-single.js';
import { undiciH2 } from './undici-h2.js';

export const strategies: readonly Strategy[] = [
  http2SingleSession,
  http2SessionPerRequest,
  undiciH2,
  undiciH2Single,
  undiciH1,
  httpsKeepalive,
  gotH1,
  gotH2,
  fetchStrategy,
  axiosH1,
  axiosH2,
  grpcJs,
  smithyH2,
];

export function findStrategy(id: string): Strategy | undefined {
  return strategies.find((s) => s.id === id);
}
