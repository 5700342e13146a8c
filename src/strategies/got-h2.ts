import { libraryVersion } from '../runtimes/capture.js';
import { gotClient } from './got-client.js';
import type { Strategy } from './types.js';

/**
 * got with `http2: true` and its global HTTP/2 agent, as shipped: on got 14 that is
 * http2-wrapper's agent and ALPN probe; got 15+ has its own HTTP/2 client (same ALPN-probe
 * design, no http2-wrapper). The probe's protocol cache is process-global in both, which
 * is why every case is a fresh process.
 */
export const gotH2: Strategy = {
  id: 'got-h2',
  label: 'got({ http2: true })',
  library: 'got',
  intent: 'one-connection',
  configuration: 'got.extend({ http2: true, retry: { limit: 0 } }) - global HTTP/2 agent (got 14: http2-wrapper; got 16: its own)',
  // got applies `http2: true` to https: URLs only (http2-wrapper finds h2 by ALPN and has
  // no prior-knowledge mode): on http:// it would quietly send HTTP/1.1 instead.
  unsupported: ({ origin }) =>
    origin.protocol === 'http:' ? "got's http2 option needs TLS (ALPN); on an http:// origin it silently uses HTTP/1.1, not h2c" : undefined,
  async open(ctx) {
    const major = Number((libraryVersion('got') ?? '0').split('.')[0]);
    // got 16 does not export its HTTP/2 agent: the worker's exit closes its sessions.
    if (major >= 15) return gotClient(ctx, { http2: true }, () => {});
    const { default: http2wrapper } = await import('http2-wrapper');
    return gotClient(ctx, { http2: true }, () => http2wrapper.globalAgent.destroy());
  },
};
