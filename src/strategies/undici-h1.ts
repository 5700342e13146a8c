import { undiciClient } from './undici-request.js';
import { h1Unsupported, type Strategy } from './types.js';

/**
 * undici's keep-alive Agent over HTTP/1.1. `allowH2: false` is explicit: undici 7's
 * default, but undici 8 turned HTTP/2 on by default, so `new Agent()` would silently
 * measure h2 on undici 8 and this row would mean two different things across versions.
 */
export const undiciH1: Strategy = {
  id: 'undici-h1',
  label: 'undici Agent({ allowH2: false }) - HTTP/1.1 keep-alive',
  library: 'undici',
  intent: 'pool',
  configuration: 'new Agent({ allowH2: false }) - HTTP/1.1, keep-alive, unlimited connections (undici 7 and 8 alike)',
  unsupported: h1Unsupported,
  async open(ctx) {
    return undiciClient(ctx, { allowH2: false });
  },
};
