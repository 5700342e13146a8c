/**
 * TEST-ONLY misbehaving servers for the fault panel (test/fault-panel.test.ts): real TLS
 * servers on 127.0.0.1, port 0, with the project's generated certificates, each failing
 * in one way a real server does. muxbench reaches them with
 * `--url https://127.0.0.1:PORT --ca certs/ca.crt`. Never part of muxbench itself.
 *
 * The first request (muxbench's HTTP/1.1 preflight) is always answered, so every fault
 * happens under load, mid-case.
 */
import { readFile } from 'node:fs/promises';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session, type ServerHttp2Session } from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ensureCerts } from '../../src/targets/certs.js';

export const FAULTS = [
  'goaway-graceful',
  'goaway-error',
  'rst-stream',
  'refused-stream',
  'crash',
  'never-answer',
  'http1-only',
  'tls-stall',
  'close-mid-body',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface MisbehavingServer {
  fault: Fault;
  origin: string;
  caPath: string;
  /** Requests the server saw (the preflight included). */
  requests(): number;
  close(): Promise<void>;
}

/** Every how many requests the periodic faults strike. */
export const EVERY = 10;
/** GOAWAY after this many requests on a connection. */
export const GOAWAY_AFTER = 25;
/** The crashing server dies after this many requests. */
export const CRASH_AFTER = 30;

const { NGHTTP2_NO_ERROR, NGHTTP2_INTERNAL_ERROR, NGHTTP2_REFUSED_STREAM } = http2.constants;

function pong(res: Http2ServerResponse | import('node:http').ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' });
  res.end('pong\n');
}

export async function startMisbehavingServer(fault: Fault): Promise<MisbehavingServer> {
  const certs = await ensureCerts();
  const key = await readFile(certs.serverKey, 'utf8');
  const cert = await readFile(certs.serverCert, 'utf8');
  let seen = 0;
  const sockets = new Set<Duplex>();
  const sessions = new Set<ServerHttp2Session>();
  const perSession = new WeakMap<Http2Session, number>();

  const handler = (req: Http2ServerRequest, res: Http2ServerResponse): void => {
    seen += 1;
    const n = seen;
    if (n === 1) return pong(res);
    const session = req.stream?.session;
    const h2 = req.httpVersion === '2.0' && session !== undefined;
    switch (fault) {
      case 'goaway-graceful':
      case 'goaway-error': {
        if (!h2) return pong(res);
        const onSession = (perSession.get(session) ?? 0) + 1;
        perSession.set(session, onSession);
        pong(res);
        if (onSession === GOAWAY_AFTER) {
          // Streams the client opened after this one are refused by the GOAWAY: mid-burst.
          if (fault === 'goaway-graceful') {
            session.goaway(NGHTTP2_NO_ERROR, req.stream.id);
            session.close();
          } else {
            session.goaway(NGHTTP2_INTERNAL_ERROR, req.stream.id);
            setImmediate(() => session.destroy());
          }
        }
        return;
      }
      case 'rst-stream':
      case 'refused-stream':
        if (h2 && n % EVERY === 0) {
          req.stream.close(fault === 'rst-stream' ? NGHTTP2_INTERNAL_ERROR : NGHTTP2_REFUSED_STREAM);
          return;
        }
        return pong(res);
      case 'crash':
        if (n >= CRASH_AFTER) {
          // As a process that died: nothing listens, every connection is cut.
          server.close();
          for (const s of sessions) s.destroy();
          for (const s of sockets) s.destroy();
          return;
        }
        return pong(res);
      case 'never-answer':
        // Every 10th request is read and never answered.
        if (n % EVERY === 0) return;
        return pong(res);
      case 'close-mid-body':
        if (n % EVERY === 0) {
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
          res.write('0123456789');
          // The connection goes with half the body sent.
          setImmediate(() => (h2 ? session.destroy() : req.socket.destroy()));
          return;
        }
        return pong(res);
      case 'http1-only':
      case 'tls-stall':
        return pong(res);
      default: {
        const exhaustive: never = fault;
        throw new Error(`unknown fault ${String(exhaustive)}`);
      }
    }
  };

  const server =
    fault === 'http1-only'
      ? https.createServer({ key, cert }, (req, res) => {
          seen += 1;
          pong(res);
        })
      : http2.createSecureServer({ key, cert, allowHTTP1: true }, handler);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  // Clients that see a fault may reset or drop: that is the point, not an error here.
  server.on('sessionError', () => {});
  server.on('clientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const inner = server.address() as net.AddressInfo;

  // tls-stall: the first connection (the preflight) reaches the server; every later one
  // is accepted and never answered, so its TLS handshake never completes.
  let front: net.Server | undefined;
  const held = new Set<net.Socket>();
  if (fault === 'tls-stall') {
    let connections = 0;
    front = net.createServer((socket) => {
      connections += 1;
      socket.on('error', () => {});
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      if (connections > 1) {
        held.add(socket);
        socket.once('close', () => held.delete(socket));
        return;
      }
      const upstream = net.connect(inner.port, '127.0.0.1');
      sockets.add(upstream);
      upstream.once('close', () => sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => front!.listen(0, '127.0.0.1', resolve));
  }
  const port = front ? (front.address() as net.AddressInfo).port : inner.port;
  return {
    fault,
    origin: `https://127.0.0.1:${port}`,
    caPath: certs.caCert,
    requests: () => seen,
    close: async () => {
      for (const s of held) s.destroy();
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        front ? new Promise<void>((resolve) => front.close(() => resolve())) : Promise.resolve(),
      ]);
    },
  };
}
