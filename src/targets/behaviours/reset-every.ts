/**
 * --server-reset-every N: on every N-th request (counted over the whole server), the
 * headers and half the body go out (at least one byte when there is a body), then the
 * connection's TCP socket is destroyed, as a crashing server or a proxy that drops its
 * upstream does. Every request in flight on it is lost.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AnyResponse, Behaviour } from './types.js';

export const resetEvery: Behaviour = {
  flag: 'server-reset-every',
  enabled: (opts) => opts.resetEvery !== undefined,
  start({ opts }) {
    const every = opts.resetEvery ?? 1;
    return {
      request: ({ serial, rawSocket }) => (serial % every === 0 ? (res, body) => resetMidResponse(res, body, rawSocket()) : undefined),
    };
  },
};

function resetMidResponse(res: AnyResponse, body: string | Buffer, socket: Socket | undefined): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const bytes = Buffer.from(body);
  (res as ServerResponse).writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes.length) });
  const half = bytes.subarray(0, Math.ceil(bytes.length / 2));
  // Destroy once the partial body has been handed on, so the cut is mid-body on the wire.
  (res as ServerResponse).write(half, () => setImmediate(() => socket?.destroy()));
}
