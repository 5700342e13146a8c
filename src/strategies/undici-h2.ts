import { undiciClient } from './undici-request.js';
import type { Strategy } from './types.js';

/**
 * undici with HTTP/2 allowed and every other option at its default. On a cold burst
 * undici 7 opens one connection per pending request before ALPN answers (docs/measured-facts.md);
 * the suite measures that rather than assuming it.
 */
export const undiciH2: Strategy = {
  id: 'undici-h2',
  label: 'undici Agent({ allowH2: true })',
  library: 'undici',
  intent: 'one-connection',
  configuration: 'new Agent({ allowH2: true }) - library defaults otherwise',
  async open(ctx) {
    return undiciClient(ctx, { allowH2: true });
  },
};
