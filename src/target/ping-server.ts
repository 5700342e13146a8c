/**
 * The local ping server: HTTP/2 over TLS with HTTP/1.1 fallback, one route
 * (`GET /ping/<delayMs>`), and server-side counters of what clients really did:
 * TCP connections, full vs resumed TLS handshakes, ALPN, requests per protocol and the
 * peak number of concurrent requests on one connection.
 *
 * Runs inside server-process.ts so it never shares an event loop with the clients.
 */
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { UsageError } from '../errors.js';
import type { ServerCounts } from '../results.js';
import type { CertPaths } from './certs.js';
import { listenCleartext } from './cleartext-listener.js';
import type { PingServerOptions } from './types.js';
import { ServerLedger, type ServerLedgerSnapshot } from './server-ledger.js';

export interface PingServer {
  port: number;
  /** The cleartext port (h2c with prior knowledge + HTTP/1.1), when `cleartext` was asked for. */
  cleartextPort?: number;
  /** A copy of the counters since the last reset. */
  counters(): ServerCounts;
  /** Every connection and request since the last reset (server-ledger.ts). */
  ledger(): ServerLedgerSnapshot;
  reset(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** Longest delay the server will wait; larger values are clamped, not rejected. */
export const MAX_DELAY_MS = 60_000;
const PING_PATH = /^\/ping\/([^/?]*)(?:\?.*)?$/;

export function emptyServerCounts(): ServerCounts {
  return { accepted: 0, tlsFull: 0, tlsResumed: 0, requestsByProtocol: {}, alpn: {}, maxConcurrentStreams: 0 };
}

/** Throws UsageError for options that would make the server misbehave silently. */
export function checkPingServerOptions(opts: PingServerOptions): void {
  const positiveInt = (name: string, value: number | undefined, max: number): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new UsageError(`${name} must be an integer from 1 to ${max}, got ${String(value)}.`);
    }
  };
  // 2^32-1 is the HTTP/2 maximum for SETTINGS_MAX_CONCURRENT_STREAMS.
  positiveInt('maxConcurrentStreams', opts.maxConcurrentStreams, 2 ** 32 - 1);
  positiveInt('goawayAfterRequests', opts.goawayAfterRequests, Number.MAX_SAFE_INTEGER);
}

type AnyRequest = http2.Http2ServerRequest | IncomingMessage;
type AnyResponse = http2.Http2ServerResponse | ServerResponse;

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

  let counts = emptyServerCounts();
  const ledger = new ServerLedger(opts.maxConcurrentStreams ?? null);
  // Per connection (h2: the session, h1: the socket): requests in flight right now.
  const inFlight = new WeakMap<object, number>();
  // Per h2 session (goawayAfterRequests only): requests seen and highest stream id seen.
  const sessionRequests = new WeakMap<http2.Http2Session, number>();
  const sessionMaxStreamId = new WeakMap<http2.Http2Session, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  server.on('connection', (socket: Socket) => {
    counts.accepted++;
    ledger.accepted(socket, true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Clients reset connections all the time in a benchmark; that is not our crash.
    socket.on('error', () => {});
  });
  server.on('secureConnection', (tlsSocket: TLSSocket) => {
    // isSessionReused() is the only reliable signal under TLS 1.3 ('resumeSession' is
    // not emitted for ticket-based resumption).
    if (tlsSocket.isSessionReused()) counts.tlsResumed++;
    else counts.tlsFull++;
    const alpn = tlsSocket.alpnProtocol || 'none';
    counts.alpn[alpn] = (counts.alpn[alpn] ?? 0) + 1;
    ledger.secured(tlsSocket, tlsSocket.isSessionReused(), alpn);
  });
  // Handshake failures (e.g. mTLS without a client cert), malformed frames, resets.
  server.on('tlsClientError', () => {});
  server.on('clientError', () => {});
  server.on('sessionError', () => {});
  server.on('stream', (stream: http2.ServerHttp2Stream) => {
    stream.on('error', () => {});
    // Read the address now: a closed stream has no session any more, and the session's
    // socket proxy throws ERR_HTTP2_SOCKET_UNBOUND once the session is gone.
    const socket = stream.session?.socket;
    const address = socket ? { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort } : undefined;
    stream.on('close', () => {
      if (address && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) ledger.reset(address);
    });
  });

  const onRequest = (req: AnyRequest, res: AnyResponse): void => {
    const isH2 = req instanceof http2.Http2ServerRequest;
    const protocol = isH2 ? 'h2' : 'http/1.1';
    counts.requestsByProtocol[protocol] = (counts.requestsByProtocol[protocol] ?? 0) + 1;

    // A destroyed stream has no session any more; its socket is still the connection.
    const session = isH2 ? req.stream.session : undefined;
    const conn: object = session ?? req.socket;
    const ended = ledger.request(session?.socket ?? req.socket, req.url ?? '');
    const now = (inFlight.get(conn) ?? 0) + 1;
    inFlight.set(conn, now);
    if (now > counts.maxConcurrentStreams) counts.maxConcurrentStreams = now;
    // The counters object may be swapped by reset() while this request runs; the
    // in-flight map is not, so the decrement stays correct across a reset.
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      if (finished) return;
      finished = true;
      ended(res.headersSent ? res.statusCode : undefined);
      inFlight.set(conn, (inFlight.get(conn) ?? 1) - 1);
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
    };
    res.on('finish', done);
    res.on('close', done);
    // HTTP/1.1: the request is over once end() has queued the whole answer ('prefinish').
    // 'finish' fires only after the kernel took the bytes, and in the sustained shape the
    // client's next request on the same socket can arrive first: the server then counted
    // 2 in flight on a connection that cannot carry more than 1 (no pipelining).
    if (!isH2) res.once('prefinish', done);

    if (isH2 && session && opts.goawayAfterRequests !== undefined) maybeGoaway(session, req.stream.id ?? 0, opts.goawayAfterRequests);

    const match = req.method === 'GET' ? PING_PATH.exec(req.url ?? '') : null;
    if (!match) return reply(res, 404, 'not found\n');
    const raw = match[1] ?? '';
    if (!/^\d{1,9}$/.test(raw)) return reply(res, 400, 'delay must be a whole number of milliseconds\n');
    const delayMs = Math.min(Number(raw), MAX_DELAY_MS);
    if (delayMs === 0) return reply(res, 200, 'pong\n');
    timer = setTimeout(() => {
      if (timer) timers.delete(timer);
      reply(res, 200, 'pong\n');
    }, delayMs);
    timers.add(timer);
  };
  server.on('request', onRequest);

  /**
   * After the K-th request of a session, one graceful GOAWAY (NO_ERROR). lastStreamID is
   * the highest stream this session has opened so far, not the K-th request's own id:
   * concurrent streams with a higher id may already be in flight, and nghttp2 closes
   * any stream above lastStreamID when the GOAWAY is sent. Only streams opened after
   * the GOAWAY are refused, which is what a well-behaved client must retry.
   */
  function maybeGoaway(session: http2.Http2Session, id: number, k: number): void {
    sessionMaxStreamId.set(session, Math.max(sessionMaxStreamId.get(session) ?? 0, id));
    const n = (sessionRequests.get(session) ?? 0) + 1;
    sessionRequests.set(session, n);
    // Exactly once: a second GOAWAY must not raise lastStreamID, and after the first
    // one the session only carries streams it had already accepted.
    if (n !== k || session.closed || session.destroyed) return;
    // HEADERS of concurrent streams that came in the same read are processed right
    // after this handler returns; wait for them so their ids are counted. (Measured:
    // lastStreamID = this stream's id cancelled 2 of 3 concurrent requests.)
    setImmediate(() => {
      if (session.closed || session.destroyed) return;
      session.goaway(http2.constants.NGHTTP2_NO_ERROR, sessionMaxStreamId.get(session) ?? id);
      ledger.goawaySent(session.socket);
      // Like nginx after keepalive_requests: close the connection once the accepted
      // streams are done, even if the client never does.
      session.close();
    });
  }

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
  const cleartext = opts.cleartext
    ? await listenCleartext(
        {
          onConnection: (socket) => {
            counts.accepted++;
            ledger.accepted(socket, false);
            sockets.add(socket);
            socket.on('close', () => sockets.delete(socket));
          },
          onProtocol: (socket, protocol) => {
            counts.alpn[protocol] = (counts.alpn[protocol] ?? 0) + 1;
            ledger.protocol(socket, protocol);
          },
          onRequest,
        },
        opts.maxConcurrentStreams,
        opts.host ?? '127.0.0.1',
      )
    : undefined;
  return {
    port: address.port,
    ...(cleartext ? { cleartextPort: cleartext.port } : {}),
    counters: () => structuredClone(counts),
    ledger: () => ledger.snapshot(),
    reset: () => {
      counts = emptyServerCounts();
      ledger.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        cleartext?.server.close();
        server.close(() => resolve());
        // server.close() waits for idle keep-alive connections and h2 sessions forever.
        for (const s of sockets) s.destroy();
      }),
  };
}

function reply(res: AnyResponse, status: number, body: string): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const headers = { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) };
  // The two response classes have the same shape for this, but not a common TS type.
  (res as ServerResponse).writeHead(status, headers);
  (res as ServerResponse).end(body);
}
