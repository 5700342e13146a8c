/**
 * --server-keepalive-max N (HTTP/1.1): `Keep-Alive: max=<left>` on every response (with
 * `timeout=<s>` when --server-keepalive-timeout is set) and `Connection: close` on the
 * N-th, as Apache's MaxKeepAliveRequests. Node closes the socket after a response with
 * `Connection: close`. It takes the place of --server-close-after when both are given.
 */
import type { Behaviour } from './types.js';

export const keepAliveMax: Behaviour = {
  flag: 'server-keepalive-max',
  enabled: (opts) => opts.keepAliveMax !== undefined,
  start({ opts }) {
    const max = opts.keepAliveMax ?? 0;
    const timeout = opts.keepAliveTimeoutMs !== undefined ? `timeout=${Math.max(1, Math.floor(opts.keepAliveTimeoutMs / 1000))}, ` : '';
    return {
      h1Headers: (n): Record<string, string> => (n >= max ? { connection: 'close' } : { 'keep-alive': `${timeout}max=${max - n}`, connection: 'keep-alive' }),
    };
  },
};
