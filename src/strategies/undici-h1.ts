import { undiciClient } from './undici-request.js';
import { h1Unsupported, type Strategy } from './types.js';

/** undici's default Agent: HTTP/1.1 keep-alive pool, no HTTP/2. */
export const undiciH1: Strategy = {
  id: 'undici-h1',
  label: 'undici Agent() - HTTP/1.1 keep-alive',
  library: 'undici',
  intent: 'pool',
  configuration: 'new Agent() - library defaults (HTTP/1.1, keep-alive, unlimited connections)',
  unsupported: h1Unsupported,
  async open(ctx) {
    return undiciClient(ctx, {});
  },
};
