import { isIP } from 'node:net';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { GRPC_FRAME_HEADER_BYTES, GRPC_PING_HEADER, GRPC_PING_METHOD } from '../targets/grpc-route.js';
import type { Strategy } from './types.js';

/**
 * The TLS name grpc-js checks: it sends the target's host as SNI (`servername`), and Node
 * 26 refuses an IP address there (ERR_INVALID_ARG_VALUE "Setting the TLS ServerName to an
 * IP address is not permitted"; Node 20 only warns, DEP0123): measured, every call of
 * grpc-js 1.14.7 on Node 26.10 to https://127.0.0.1 failed UNAVAILABLE before TLS began.
 * A service is called by its name; the targets muxbench starts are IP addresses whose
 * certificate names `localhost`, so an IP origin gets that name (or --servername's).
 */
function nameOverride(origin: URL, servername: string | undefined): Record<string, string> {
  if (servername !== undefined) return { 'grpc.ssl_target_name_override': servername };
  const ip = isIP(origin.hostname.replace(/^\[|\]$/g, '')) !== 0;
  return origin.protocol === 'https:' && ip ? { 'grpc.ssl_target_name_override': 'localhost' } : {};
}

/** A message is opaque bytes both ways: no protobuf, no code generation. */
const asIs = (value: Buffer): Buffer => value;
const EMPTY = Buffer.alloc(0);

/**
 * @grpc/grpc-js, one channel (one `Client`), unary calls of the ping server's gRPC route
 * (targets/grpc-route.ts) with opaque messages. Channel options stay at their defaults
 * (the global subchannel pool, keepalive off). The ping's path (its delay) goes in the
 * `muxbench-ping` metadata; its query, which carries the request tag, rides on the
 * method path, where the client tap reads it and takes it off before the wire.
 */
export const grpcJs: Strategy = {
  id: 'grpc-js',
  label: '@grpc/grpc-js - one channel, unary calls',
  library: '@grpc/grpc-js',
  intent: 'one-connection',
  configuration:
    "new Client(host:port, credentials.createSsl(ca)) once, an IP origin's TLS name 'localhost' (or --servername); every ping is makeUnaryRequest (h2c: createInsecure())",
  async open(ctx) {
    const grpc = await import('@grpc/grpc-js');
    const { tls, origin } = ctx;
    const credentials =
      origin.protocol === 'http:'
        ? grpc.credentials.createInsecure()
        : grpc.credentials.createSsl(
            Buffer.from(tls.ca),
            tls.key !== undefined ? Buffer.from(tls.key) : null,
            tls.cert !== undefined ? Buffer.from(tls.cert) : null,
          );
    const client: Client = new grpc.Client(origin.host, credentials, nameOverride(origin, tls.servername));
    // --request-bytes N: N bytes of HTTP/2 body like every strategy, so the message is N - 5
    // (gRPC frames it behind a 5-byte header); below 5 bytes the body is the bare header.
    const message = ctx.requestBody === undefined ? EMPTY : ctx.requestBody.subarray(0, Math.max(0, ctx.requestBody.length - GRPC_FRAME_HEADER_BYTES));
    return {
      ping(path, signal) {
        const q = path.indexOf('?');
        const method = q === -1 ? GRPC_PING_METHOD : `${GRPC_PING_METHOD}${path.slice(q)}`;
        const metadata = new grpc.Metadata();
        metadata.set(GRPC_PING_HEADER, q === -1 ? path : path.slice(0, q));
        return new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(signal.reason);
          const call = client.makeUnaryRequest(method, asIs, asIs, message, metadata, {}, (error: ServiceError | null) => {
            signal.removeEventListener('abort', cancel);
            if (error === null) return resolve();
            // GRPC_UNAVAILABLE, GRPC_CANCELLED, …: the status name keys requests.errors.
            reject(Object.assign(new Error(error.details || error.message), { code: `GRPC_${grpc.status[error.code] ?? error.code}` }));
          });
          const cancel = (): void => call.cancel();
          signal.addEventListener('abort', cancel, { once: true });
        });
      },
      close: async () => client.close(),
    };
  },
};
