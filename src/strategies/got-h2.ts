import { gotClient } from './got-client.js';
import type { Strategy } from './types.js';

/**
 * got with `http2: true`: http2-wrapper's global agent and its ALPN probe, as shipped.
 * The probe's protocol cache is process-global, which is why every case is a fresh process.
 */
export const gotH2: Strategy = {
  id: 'got-h2',
  label: 'got({ http2: true }) via http2-wrapper',
  library: 'got',
  intent: 'one-connection',
  configuration: 'got.extend({ http2: true, retry: { limit: 0 } }) - http2-wrapper global agent',
  // got applies `http2: true` to https: URLs only (http2-wrapper finds h2 by ALPN and has
  // no prior-knowledge mode): on http:// it would quietly send HTTP/1.1 instead.
  unsupported: ({ origin }) =>
    origin.protocol === 'http:' ? "got's http2 option needs TLS (ALPN); on an http:// origin it silently uses HTTP/1.1, not h2c" : undefined,
  async open(ctx) {
    const { default: http2wrapper } = await import('http2-wrapper');
    return gotClient(ctx, { http2: true }, () => http2wrapper.globalAgent.destroy());
  },
};
