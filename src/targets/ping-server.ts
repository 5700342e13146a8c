/**
 * The local ping server: HTTP/2 over TLS with HTTP/1.1 fallback, one route
 * (`GET /ping/<delayMs>`, or POST with a request body, whose bytes it reads and counts),
 * its gRPC twin (`/muxbench.Ping/Ping`, grpc-route.ts), and server-side counters of what clients really did:
 * TCP connections, full vs resumed TLS handshakes, ALPN, requests per protocol and the
 * peak number of concurrent requests on one connection, all recorded through one tally
 * (server-tally.ts). The injected faults (`--server-*`) are behaviours/, one file each.
 *
 * Runs inside server-process.ts so it never shares an event loop with the clients.
 */
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { UsageError } from '../errors.js';
import type { ServerCounts } from '../results.js';
import { startBehaviours } from './behaviours/registry.js';
import type { AnyRequest, AnyResponse } from './behaviours/types.js';
import type { CertPaths } from './certs.js';
import { listenCleartext } from './cleartext-listener.js';
import { GRPC_INVALID_ARGUMENT, GRPC_OK, GRPC_PING_HEADER, grpcFrame, isGrpcPath } from './grpc-route.js';
import type { PingServerOptions } from './types.js';
import { MAX_BODY_BYTES } from './server-options.js';
import type { ServerLedgerSnapshot } from './server-ledger.js';
import { ServerTally } from './server-tally.js';

export interface PingServer {
  port: number;
  /** The cleartext port (h2c with prior knowledge + HTTP/1.1), when `cleartext` was asked for. */
  cleartextPort?: number;
  /** More TLS ports served by the same server: other origins of the same target (the lifetime scenario; server-lifetime.ts). */
  originPorts: number[];
  /** A copy of the counters since the last reset. */
  counters(): ServerCounts;
  /** Every connection and request since the last reset, past a limit as a summary (server-ledger.ts). */
  ledger(): ServerLedgerSnapshot;
  reset(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** TLS ports besides the main one (PingServer.originPorts): the lifetime scenario's origins are the main port and these. */
export const EXTRA_ORIGINS = 3;
/** Longest delay the server will wait; larger values are clamped, not rejected. */
export const MAX_DELAY_MS = 60_000;
const PING_PATH = /^\/ping\/([^/?]*)(?:\?.*)?$/;

/** Throws UsageError for options that would make the server misbehave silently. */
export function checkPingServerOptions(opts: PingServerOptions): void {
  const whole = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}.`);
    }
  };
  // 2^32-1 is the HTTP/2 maximum for SETTINGS_MAX_CONCURRENT_STREAMS.
  whole('maxConcurrentStreams', opts.maxConcurrentStreams, 1, 2 ** 32 - 1);
  whole('goawayAfterRequests', opts.goawayAfterRequests, 1, Number.MAX_SAFE_INTEGER);
  whole('goawayErrorCode', opts.goawayErrorCode, 0, 0xff);
  whole('keepAliveTimeoutMs', opts.keepAliveTimeoutMs, 1, 600_000);
  whole('keepAliveMax', opts.keepAliveMax, 1, Number.MAX_SAFE_INTEGER);
  whole('closeAfterRequests', opts.closeAfterRequests, 1, Number.MAX_SAFE_INTEGER);
  whole('resetEvery', opts.resetEvery, 1, Number.MAX_SAFE_INTEGER);
  whole('bodyBytes', opts.bodyBytes, 0, MAX_BODY_BYTES);
  whole('ledgerRequestRecords', opts.ledgerRequestRecords, 1, 10_000_000);
}

export async function startPingServer(opts: PingServerOptions & { certs: CertPaths }): Promise<PingServer> {
  checkPingServerOptions(opts);
  const mtls = opts.mtls ?? false;
  const server = http2.createSecureServer({
    allowHTTP1: true,
    key: readFileSync(opts.certs.serverKey),
    cert: readFileSync(opts.certs.serverCert),
    ca: readFileSync(opts.certs.caCert),
    requestCert: mtls,
    rejectUnauthorized: mtls,
    ...(opts.maxConcurrentStreams !== undefined ? { settings: { maxConcurrentStreams: opts.maxConcurrentStreams } } : {}),
  });

  const tally = new ServerTally(opts.maxConcurrentStreams ?? null, opts.ledgerRequestRecords);
  // The raw TCP socket of every open connection, by client address: what --server-reset-every
  // destroys (for h2 the session's socket is a proxy that refuses to be destroyed).
  const rawSockets = new Map<string, Socket>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const behaviours = startBehaviours({ opts, tally, timers });
  // --body-bytes: one buffer for every 200 (default "pong\n").
  const pong = opts.bodyBytes === undefined ? Buffer.from('pong\n') : Buffer.alloc(opts.bodyBytes, 'x');
  let requestSerial = 0;

  const remember = (socket: Socket): void => {
    sockets.add(socket);
    const key = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`;
    rawSockets.set(key, socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (rawSockets.get(key) === socket) rawSockets.delete(key);
    });
  };

  server.on('connection', (socket: Socket) => {
    tally.accepted(socket, true);
    remember(socket);
    // Clients reset connections all the time in a benchmark; that is not our crash.
    socket.on('error', () => {});
  });
  server.on('secureConnection', (tlsSocket: TLSSocket) => tally.secured(tlsSocket));
  // Handshake failures (e.g. mTLS without a client cert), malformed frames, resets.
  server.on('tlsClientError', () => {});
  server.on('clientError', () => {});
  server.on('sessionError', () => {});
  // Which side closes a session first (server-ledger.ts, ServerConnection.closedBy).
  server.on('session', (session: http2.ServerHttp2Session) => {
    session.once('goaway', () => {
      if (!session.destroyed) tally.goawayReceived(session.socket);
    });
  });
  server.on('stream', (stream: http2.ServerHttp2Stream) => {
    stream.on('error', () => {});
    // Read the address now: a closed stream has no session any more, and the session's
    // socket proxy throws ERR_HTTP2_SOCKET_UNBOUND once the session is gone.
    const socket = stream.session?.socket;
    const address = socket ? { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort, localPort: socket.localPort } : undefined;
    stream.on('close', () => {
      if (address && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) tally.streamReset(address);
    });
  });

  const onRequest = (req: AnyRequest, res: AnyResponse): void => {
    const isH2 = req instanceof http2.Http2ServerRequest;
    // A destroyed stream has no session any more; its socket is still the connection.
    const session = isH2 ? req.stream.session : undefined;
    const conn: object = session ?? req.socket;
    const peer = session?.socket ?? req.socket;
    const peerKey = `${peer.remoteAddress ?? ''}:${peer.remotePort ?? ''}`;
    const request = tally.request(conn, peer, req.url ?? '', isH2 ? 'h2' : 'http/1.1', isH2 ? session : undefined, isH2 ? req.stream.id : undefined);
    requestSerial++;
    const arriving = { conn, session, onConn: request.onConn, serial: requestSerial, rawSocket: () => rawSockets.get(peerKey) };
    // At most one behaviour (--server-reset-every) sends this request's 200 its own way.
    let cut: ((res: AnyResponse, body: string | Buffer) => void) | undefined;
    for (const b of behaviours) cut = b.request?.(arriving) ?? cut;
    let finished = false;
    let wasReset = false;
    let bodyBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      if (finished) return;
      finished = true;
      // A response the server did not finish (a reset, a client that went away) is no
      // completed request, whatever status its headers carried.
      // HTTP/2: complete only once 'finish' came (the stream's data went to the session);
      // a session destroyed first loses responses that end() had only queued (measured:
      // with --server-reset-every 4, the 3 answered before the cut in the same tick
      // never reached the client).
      const complete = res.headersSent && (isH2 ? wroteAll : res.writableEnded) && !wasReset;
      const left = request.end(res.headersSent ? res.statusCode : undefined, complete, bodyBytes);
      if (left === 0) for (const b of behaviours) b.idle?.(conn, session, req.socket);
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
    };
    let wroteAll = false;
    res.on('finish', () => {
      wroteAll = true;
      done();
    });
    res.on('close', done);
    // HTTP/1.1: the request is over once end() has queued the whole answer ('prefinish').
    // 'finish' fires only after the kernel took the bytes, and in the sustained shape the
    // client's next request on the same socket can arrive first: the server then counted
    // 2 in flight on a connection that cannot carry more than 1 (no pipelining).
    if (!isH2) res.once('prefinish', done);

    const headers: Record<string, string> = {};
    if (!isH2) for (const b of behaviours) Object.assign(headers, b.h1Headers?.(request.onConn));
    // gRPC (HTTP/2 only): the same ping, its path in the metadata, the answer framed, the
    // status in trailers; a bad delay is grpc-status INVALID_ARGUMENT under HTTP 200.
    const grpc = isH2 && req.method === 'POST' && isGrpcPath(req.url ?? '');
    const answer = (status: number, text: string | Buffer): void => {
      if (grpc) {
        const ok = status === 200;
        (res as http2.Http2ServerResponse).addTrailers({ 'grpc-status': String(ok ? GRPC_OK : GRPC_INVALID_ARGUMENT), ...(ok ? {} : { 'grpc-message': String(text).trim() }) });
        text = grpcFrame(ok ? Buffer.from(text) : Buffer.alloc(0));
        status = 200;
        Object.assign(headers, { 'content-type': 'application/grpc' });
      }
      if (cut && status === 200) {
        wasReset = true;
        return cut(res, text);
      }
      reply(res, status, text, headers);
    };
    const route = (): void => {
      const pingPath = grpc ? String(req.headers[GRPC_PING_HEADER] ?? '') : (req.url ?? '');
      const match = req.method === 'GET' || req.method === 'POST' ? PING_PATH.exec(pingPath) : null;
      if (!match) return answer(404, 'not found\n');
      const raw = match[1] ?? '';
      if (!/^\d{1,9}$/.test(raw)) return answer(400, 'delay must be a whole number of milliseconds\n');
      const delayMs = Math.min(Number(raw), MAX_DELAY_MS);
      if (delayMs === 0) return answer(200, pong);
      timer = setTimeout(() => {
        if (timer) timers.delete(timer);
        answer(200, pong);
      }, delayMs);
      timers.add(timer);
    };
    if (req.method === 'GET') return route();
    // A request with a body (--request-bytes): read all of it, counting the bytes, then
    // answer as a GET would. The delay starts once the body is in, as a handler that
    // parses its input would; a request whose body never ends is never answered.
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      tally.bodyBytes(chunk.length);
    });
    req.once('end', route);
  };
  server.on('request', onRequest);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listen, errors come from accept() (e.g. EMFILE under a huge burst): the
  // clients will see failed connections; the server process must not die of it.
  server.on('error', () => {});
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ping server has no TCP address');
  const originPorts = await listenOrigins(server, opts.host ?? '127.0.0.1');
  const cleartext = opts.cleartext
    ? await listenCleartext(
        {
          onConnection: (socket) => {
            tally.accepted(socket, false);
            remember(socket);
          },
          onProtocol: (socket, protocol) => tally.protocol(socket, protocol),
          onRequest,
        },
        opts.maxConcurrentStreams,
        opts.host ?? '127.0.0.1',
      )
    : undefined;
  return {
    port: address.port,
    ...(cleartext ? { cleartextPort: cleartext.port } : {}),
    originPorts: originPorts.map((o) => o.port),
    counters: () => tally.counters(),
    ledger: () => tally.snapshot(),
    reset: () => tally.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        cleartext?.server.close();
        for (const o of originPorts) o.server.close();
        server.close(() => resolve());
        // server.close() waits for idle keep-alive connections and h2 sessions forever.
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * Other origins of the same server, for clients that keep a pool per origin: each extra
 * port hands its connections to the TLS server (its 'connection' listeners, counters and
 * ledger included), so every origin is the same server with the same certificate.
 * Ports rather than other loopback addresses: the certificate names only 127.0.0.1, and
 * 127.0.0.2 and up exist on Linux's loopback but not on every system's.
 */
async function listenOrigins(server: http2.Http2SecureServer, host: string): Promise<Array<{ server: net.Server; port: number }>> {
  const out: Array<{ server: net.Server; port: number }> = [];
  for (let i = 0; i < EXTRA_ORIGINS; i++) {
    const extra = net.createServer((socket) => server.emit('connection', socket));
    await new Promise<void>((resolve, reject) => {
      extra.once('error', reject);
      extra.listen(0, host, () => {
        extra.off('error', reject);
        resolve();
      });
    });
    extra.on('error', () => {});
    const address = extra.address();
    if (address === null || typeof address === 'string') throw new Error('ping server origin has no TCP address');
    out.push({ server: extra, port: address.port });
  }
  return out;
}

function reply(res: AnyResponse, status: number, body: string | Buffer, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const headers = { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...extra };
  // The two response classes have the same shape for this, but not a common TS type.
  (res as ServerResponse).writeHead(status, headers);
  (res as ServerResponse).end(body);
}
