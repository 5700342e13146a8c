import { undiciClient } from './undici-request.js';
import type { Strategy } from './types.js';

/**
 * undici held to one connection. `pipelining` must be at least the concurrency: with the
 * default of 1, undici sends HTTP/2 requests one at a time on that connection.
 */
export const undiciH2Single: Strategy = {
  id: 'undici-h2-single',
  label: 'undici Agent({ allowH2, connections: 1, pipelining: C })',
  library: 'undici',
  intent: 'one-connection',
  configuration: 'new Agent({ allowH2: true, connections: 1, pipelining: <concurrency> })',
  async open(ctx) {
    return undiciClient(ctx, { allowH2: true, connections: 1, pipelining: Math.max(1, ctx.concurrency) });
  },
};
