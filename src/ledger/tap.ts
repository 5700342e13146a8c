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
import type { ConnectionLedger, ConnectionRecord, OpenStream } from './ledger.js';
import { requestIdOf, tagIdAt, tagStart, untagAt } from './request-tag.js';
import { trackSocket } from './track.js';

type AnyFn = (...args: unknown[]) => unknown;

interface Installed {
  uninstall(): void;
}

let kSocket: symbol | undefined;

/** The real socket behind an Http2Session (`session.socket` is a Proxy, useless as a key). */
function sessionSocket(session: http2.ClientHttp2Session): object | undefined {
  // Node keeps it under a private symbol; find the symbol once, not per request.
  kSocket ??= Object.getOwnPropertySymbols(session).find((s) => s.description === 'socket');
  const socket = kSocket ? (session as unknown as Record<symbol, unknown>)[kSocket] : undefined;
  return typeof socket === 'object' && socket !== null ? socket : undefined;
}

function recordOfSession(ledger: ConnectionLedger, session: http2.ClientHttp2Session): ConnectionRecord | undefined {
  const socket = sessionSocket(session);
  return socket ? ledger.recordOf(socket) : undefined;
}

/** GOAWAY and the server's SETTINGS, per session; the socket may be attached later, so look it up late. */
function watchSession(ledger: ConnectionLedger, session: http2.ClientHttp2Session): void {
  session.once('goaway', (code: number) => {
    const record = recordOfSession(ledger, session);
    if (record) ledger.goaway(record, code);
  });
  session.once('remoteSettings', (settings: http2.Settings) => {
    const record = recordOfSession(ledger, session);
    if (record) ledger.remoteSettings(record, settings.maxConcurrentStreams);
  });
}

/** What the tap keeps on a stream it watches (the ledger's OpenStream), read by the stream's patched emit (below). */
type TappedStream = http2.ClientHttp2Stream & Record<symbol, OpenStream | undefined>;

function watchStream(ledger: ConnectionLedger, record: ConnectionRecord, stream: TappedStream, id: number | undefined, key: symbol): void {
  // In flight until the response is complete: 'end' (body read) or 'close', whichever
  // comes first (undici finishes a request at 'end', before 'close'); the first byte at
  // 'response'. No listener of ours on the stream: the client's own listeners for those
  // events would then be two per event, and an emitter with two keeps an array that it
  // copies on every emit (measured with the listeners: ~7 µs of CPU per request at 100
  // streams in flight, most of the harness's overhead; docs/overhead.md). The stream's
  // emit, patched once per prototype, reads this record instead.
  stream[key] = ledger.openStream(record, id);
  // 'ready': the stream has its id, i.e. its HEADERS go out now (after the handshake).
  // On a connected session the stream is initialised inside request(), before we get here.
  // Only a trace reads when headers went out: without one, no listener and no clock read.
  if (ledger.listening && id !== undefined) {
    if (stream.id !== undefined) ledger.wroteHeaders(id);
    else stream.once('ready', () => ledger.wroteHeaders(id));
  }
}

/**
 * Patches `emit` of the client stream prototype so that the three events the tap needs
 * reach the stream's OpenStream (under `key`) before any listener of the client's, in
 * the order the tap's own listeners ran when it had them. Returns the undo.
 */
function tapStreamEvents(proto: { emit: (...args: unknown[]) => boolean }, key: symbol): () => void {
  const emit = proto.emit;
  proto.emit = function tappedEmit(this: TappedStream, event: unknown, a?: unknown, b?: unknown, c?: unknown) {
    // The event first: most events on a stream are none of the three (data, finish, ...).
    if (event === 'end' || event === 'response' || event === 'close') {
      const watched = this[key];
      if (watched !== undefined) {
        if (event === 'end') watched.close();
        else if (event === 'response') watched.ledger.firstByte(watched.request);
        else {
          if (this.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM) watched.ledger.streamRefused(watched.record, watched.request);
          watched.close();
        }
      }
    }
    // Passed on with the arity they came with (listeners may look at it), without an
    // array per event: a stream's events carry at most three arguments ('response').
    switch (arguments.length) {
      case 1:
        return emit.call(this, event);
      case 2:
        return emit.call(this, event, a);
      case 3:
        return emit.call(this, event, a, b);
      case 4:
        return emit.call(this, event, a, b, c);
      default:
        // eslint-disable-next-line prefer-rest-params -- any other arity, as it came
        return emit.apply(this, arguments as unknown as unknown[]);
    }
  };
  return () => {
    proto.emit = emit;
  };
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
        trackSocket(ledger, socket, 'tls');
      }
      return socket;
    },
  );
  for (const key of ['connect', 'createConnection'] as const) {
    patch(net, key, (orig) =>
      function tappedNetConnect(this: unknown, ...args: unknown[]) {
        const socket = orig.apply(this, args) as net.Socket;
        trackSocket(ledger, socket, 'tcp');
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
      if (!ledger.recordOf(socket)) trackSocket(ledger, socket, 'tcp');
      return socket;
    },
  );
  // Per install, so that two taps (tests) each read their own record off a stream.
  const streamKey = Symbol('muxbench.tap.stream');
  let untapStreams: (() => void) | undefined;
  restore.push(() => untapStreams?.());
  patch(http2, 'connect', (orig) =>
    function tappedHttp2Connect(this: unknown, ...args: unknown[]) {
      const session = orig.apply(this, args) as http2.ClientHttp2Session;
      // A cleartext socket becomes an h2c connection the moment a session is made on it,
      // not at its first stream: undici publishes `undici:client:sendHeaders` for the
      // first request before it opens that stream, and a connection still marked
      // 'cleartext' then would count the request twice (once as HTTP/1.x, once as a
      // stream; measured: 54 requests per connection for 48 sent, peak 2 against 1).
      const record = recordOfSession(ledger, session);
      if (record) ledger.markH2c(record);
      watchSession(ledger, session);
      const request = session.request;
      // A session's socket never changes: once its record is found, it is the record.
      let known = record;
      session.request = function tappedRequest(
        this: http2.ClientHttp2Session,
        headers?: http2.OutgoingHttpHeaders,
        options?: http2.ClientSessionRequestOptions,
      ) {
        const path = headers?.[':path'];
        // One scan for both the id and the untagged path.
        const at = typeof path === 'string' ? tagStart(path) : -1;
        const id = at === -1 ? undefined : tagIdAt(path as string, at);
        // The tag ties the stream to its request here; the wire gets the path without it.
        // With it, every :path was unique: HPACK could not index it, and the server parsed
        // a new string per request (measured: ~6 µs of CPU per request in the bare loop,
        // npm run bench:overhead -- --tag-bare). A copy, not the library's own object.
        const sent = at === -1 ? headers : { ...headers, ':path': untagAt(path as string, at) };
        const stream = request.call(this, sent, options) as TappedStream;
        known ??= recordOfSession(ledger, session);
        if (known) {
          // The client stream prototype is not exported: take it from the first stream.
          untapStreams ??= tapStreamEvents(Object.getPrototypeOf(stream) as { emit: (...args: unknown[]) => boolean }, streamKey);
          watchStream(ledger, known, stream, id, streamKey);
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
    const id = requestIdOf(request.path);
    const attach = (socket: object): void => {
      const record = ledger.recordOf(socket);
      if (record) request.once('close', ledger.streamOpened(record, id));
    };
    // The channel can fire after the request already got its socket (a new socket is
    // assigned synchronously inside the constructor): take it from there if so.
    if (request.socket) attach(request.socket);
    else request.once('socket', attach);
    // 'finish': the request is handed to the socket. On a connecting socket that is only
    // a buffer; the trace clamps it to the handshake's end (see trace/events.ts).
    request.once('finish', () => ledger.wroteHeaders(id));
    request.once('response', () => ledger.firstByte(id));
  };
  dc.subscribe('http.client.request.start', onHttpRequest);
  restore.push(() => dc.unsubscribe('http.client.request.start', onHttpRequest));

  // undici (the package, or the copy bundled into Node for fetch). HTTP/2 streams are
  // already counted by the http2.connect tap, so only HTTP/1.x requests count here.
  const closers = new WeakMap<object, () => void>();
  const onUndiciHeaders = (message: unknown): void => {
    const { request, socket } = message as { request: { path?: unknown }; socket: object };
    const record = ledger.recordOf(socket);
    if (!record || record.alpn === 'h2' || record.alpn === 'h2c') return;
    const id = requestIdOf(request.path);
    closers.set(request, ledger.streamOpened(record, id));
    ledger.wroteHeaders(id);
  };
  const onUndiciResponse = (message: unknown): void => {
    // HTTP/2 responses are seen on the stream itself (watchStream); this is HTTP/1.x.
    const { request } = message as { request: object & { path?: unknown } };
    if (closers.has(request)) ledger.firstByte(requestIdOf(request.path));
  };
  const onUndiciDone = (message: unknown): void => {
    const { request } = message as { request: object };
    closers.get(request)?.();
    closers.delete(request);
  };
  const undiciChannels: Array<[string, (m: unknown) => void]> = [
    ['undici:client:sendHeaders', onUndiciHeaders],
    ['undici:request:headers', onUndiciResponse],
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
