/**
 * --server-close-after N (HTTP/1.1): `Connection: close` on the N-th response of a
 * connection, with no hint before it; Node closes the socket after it. With
 * --server-keepalive-max as well, that one decides (keepalive-max.ts).
 */
import type { Behaviour } from './types.js';

export const closeAfter: Behaviour = {
  flag: 'server-close-after',
  enabled: (opts) => opts.closeAfterRequests !== undefined && opts.keepAliveMax === undefined,
  start({ opts }) {
    const max = opts.closeAfterRequests ?? 0;
    return {
      h1Headers: (n): Record<string, string> => (n >= max ? { connection: 'close' } : {}),
    };
  },
};
