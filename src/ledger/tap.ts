/**
 * The socket tap: tells the ledger about every socket and every request a client
 * library makes in this process, without changing what the library does.
 *
 * Why a process-wide tap rather than wrapping each library's socket factory:
 * - http2-wrapper (got's HTTP/2) reuses its ALPN probe socket only while its agent's
 *   `createConnection` is the default one; overriding it changes the behaviour we measure.
 * - Node's global fetch uses its own bundled undici, which takes no socket factory.
 * - User strategies (`--strategy-file`) get counted without writing ledger code.
 * On Node 20, tls.connect publishes nothing on a diagnostics channel, so we wrap the
 * module functions. This is safe because every case runs in its own worker process.
 *
 * Sockets: tls.connect / net.connect / net.createConnection.
 * Requests: http2.connect sessions (request()), node:http(s) via the `http.client.*`
 * channels, undici (package or fetch's bundled copy) via `undici:client:sendHeaders`.
 */
import dc from 'node:diagnostics_channel';
import http from 'node:http';
import http2 from 'node:http2';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import type { ClientRequest } from 'node:http';
import { errorCode } from '../errors.js';
import type { ConnectionLedger, ConnectionRecord } from './ledger.js';

type AnyFn = (...args: unknown[]) => unknown;

interface Installed {
  uninstall(): void;
}

/** The real socket behind an Http2Session (`session.socket` is a Proxy, useless as a key). */
function sessionSocket(session: http2.ClientHttp2Session): object | undefined {
  const key = Object.getOwnPropertySymbols(session).find((s) => s.description === 'socket');
  const socket = key ? (session as unknown as Record<symbol, unknown>)[key] : undefined;
  return typeof socket === 'object' && socket !== null ? socket : undefined;
}

function watchSocket(ledger: ConnectionLedger, socket: net.Socket, record: ConnectionRecord, isTls: boolean): void {
  if (isTls) {
    const tlsSocket = socket as tls.TLSSocket;
    tlsSocket.once('secureConnect', () => {
      ledger.secured(record, tlsSocket.isSessionReused(), tlsSocket.alpnProtocol);
    });
    // For tls.connect the TCP 'connect' event fires on the TLS socket itself.
    socket.once('connect', () => ledger.connected(record));
  } else {
    socket.once('connect', () => ledger.connected(record));
  }
  socket.once('error', (error) => ledger.failed(record, errorCode(error)));
  socket.once('close', () => ledger.closed(record));
}

export function installTap(ledger: ConnectionLedger): Installed {
  const restore: Array<() => void> = [];
  const patch = <T extends object>(obj: T, key: keyof T & string, make: (orig: AnyFn) => AnyFn): void => {
    const orig = obj[key] as unknown as AnyFn;
    (obj as Record<string, unknown>)[key] = make(orig);
    restore.push(() => {
      (obj as Record<string, unknown>)[key] = orig;
    });
  };

  patch(tls, 'connect', (orig) =>
    function tappedTlsConnect(this: unknown, ...args: unknown[]) {
      const socket = orig.apply(this, args) as tls.TLSSocket;
      const options = args.find((a): a is { socket?: object } => typeof a === 'object' && a !== null);
      const inner = options?.socket ? ledger.recordOf(options.socket) : undefined;
      if (inner) {
        // TLS on a TCP socket we already count: same connection, now with TLS.
        ledger.alias(socket, inner);
        inner.transport = 'tls';
        inner.tls = 'pending';
        socket.once('secureConnect', () => ledger.secured(inner, socket.isSessionReused(), socket.alpnProtocol));
      } else {
        watchSocket(ledger, socket, ledger.track(socket, 'tls'), true);
      }
      return socket;
    },
  );
  for (const key of ['connect', 'createConnection'] as const) {
    patch(net, key, (orig) =>
      function tappedNetConnect(this: unknown, ...args: unknown[]) {
        const socket = orig.apply(this, args) as net.Socket;
        watchSocket(ledger, socket, ledger.track(socket, 'tcp'), false);
        return socket;
      },
    );
  }

  // node:http's Agent took its own reference to net.createConnection when it loaded, so
  // the patch above never sees its sockets (cleartext HTTP/1.1: https-keepalive and got-h1
  // on an http:// origin). https.Agent overrides createConnection and goes through tls.connect.
  patch(http.Agent.prototype, 'createConnection', (orig) =>
    function tappedAgentConnect(this: unknown, ...args: unknown[]) {
      const socket = orig.apply(this, args) as net.Socket;
      if (!ledger.recordOf(socket)) watchSocket(ledger, socket, ledger.track(socket, 'tcp'), false);
      return socket;
    },
  );
  patch(http2, 'connect', (orig) =>
    function tappedHttp2Connect(this: unknown, ...args: unknown[]) {
      const session = orig.apply(this, args) as http2.ClientHttp2Session;
      const request = session.request;
      session.request = function tappedRequest(this: http2.ClientHttp2Session, ...reqArgs: Parameters<typeof request>) {
        const stream = request.apply(this, reqArgs);
        const socket = sessionSocket(session);
        const record = socket ? ledger.recordOf(socket) : undefined;
        if (record) {
          if (record.transport === 'tcp') ledger.markH2c(record);
          // In flight until the response is complete: 'end' (body read) or 'close',
          // whichever comes first. undici finishes a request at 'end', before 'close'.
          const done = ledger.streamOpened(record);
          stream.once('end', done);
          stream.once('close', done);
        }
        return stream;
      } as typeof request;
      return session;
    },
  );
  syncBuiltinESMExports();
  restore.push(() => syncBuiltinESMExports());

  // node:http / node:https requests (https.Agent, got's HTTP/1.1).
  const onHttpRequest = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    const attach = (socket: object): void => {
      const record = ledger.recordOf(socket);
      if (record) request.once('close', ledger.streamOpened(record));
    };
    // The channel can fire after the request already got its socket (a new socket is
    // assigned synchronously inside the constructor): take it from there if so.
    if (request.socket) attach(request.socket);
    else request.once('socket', attach);
  };
  dc.subscribe('http.client.request.start', onHttpRequest);
  restore.push(() => dc.unsubscribe('http.client.request.start', onHttpRequest));

  // undici (the package, or the copy bundled into Node for fetch). HTTP/2 streams are
  // already counted by the http2.connect tap, so only HTTP/1.x requests count here.
  const closers = new WeakMap<object, () => void>();
  const onUndiciHeaders = (message: unknown): void => {
    const { request, socket } = message as { request: object; socket: object };
    const record = ledger.recordOf(socket);
    if (!record || record.alpn === 'h2' || record.alpn === 'h2c') return;
    closers.set(request, ledger.streamOpened(record));
  };
  const onUndiciDone = (message: unknown): void => {
    const { request } = message as { request: object };
    closers.get(request)?.();
    closers.delete(request);
  };
  const undiciChannels: Array<[string, (m: unknown) => void]> = [
    ['undici:client:sendHeaders', onUndiciHeaders],
    ['undici:request:trailers', onUndiciDone],
    ['undici:request:error', onUndiciDone],
  ];
  for (const [name, fn] of undiciChannels) {
    dc.subscribe(name, fn);
    restore.push(() => dc.unsubscribe(name, fn));
  }

  return {
    uninstall() {
      for (const undo of restore.reverse()) undo();
    },
  };
}
