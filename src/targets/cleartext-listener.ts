/**
 * One cleartext port that speaks both HTTP/2 with prior knowledge (h2c) and HTTP/1.1.
 *
 * Why a sniffing net.Server: on Node 20 `http2.createServer` (no TLS) speaks only h2c
 * (`allowHTTP1` is a TLS-server option), and a single `http://` origin must serve the
 * h2 strategies (prior knowledge) and the h1 strategies alike. The first bytes decide:
 * every h2c connection starts with the client preface `PRI * HTTP/2.0`, and no HTTP/1.1
 * method is `PRI`. The peeked chunk is put back with `unshift` and the socket stays
 * paused: the http2 session reads the buffered bytes itself when it takes over the socket
 * (checked: calling `resume()` first loses them and the session fails).
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

const H2_PREFACE_START = 'PRI ';

export interface CleartextHandlers {
  /** Every accepted TCP connection, before its protocol is known. */
  onConnection(socket: net.Socket): void;
  /** Once per connection, when the protocol is known: 'h2c' or 'cleartext' (HTTP/1.x). */
  onProtocol(socket: net.Socket, protocol: 'h2c' | 'cleartext'): void;
  onRequest(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): void;
}

export interface CleartextListener {
  server: net.Server;
  h2: http2.Http2Server;
  h1: http.Server;
}

export function createCleartextListener(handlers: CleartextHandlers, settings?: http2.Settings): CleartextListener {
  const h2 = http2.createServer(settings ? { settings } : {});
  const h1 = http.createServer({ keepAlive: true });
  h2.on('request', handlers.onRequest);
  h1.on('request', handlers.onRequest);
  // Clients reset connections all the time in a benchmark; that is not our crash.
  h2.on('sessionError', () => {});
  h2.on('stream', (stream: http2.ServerHttp2Stream) => stream.on('error', () => {}));
  h1.on('clientError', (_error, socket: net.Socket) => socket.destroy());
  // Node's h1 server would close idle keep-alive sockets after 5 s; clients measure reuse.
  h1.keepAliveTimeout = 60_000;

  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    handlers.onConnection(socket);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      const isH2 = chunk.subarray(0, H2_PREFACE_START.length).toString('latin1') === H2_PREFACE_START;
      handlers.onProtocol(socket, isH2 ? 'h2c' : 'cleartext');
      if (isH2) {
        h2.emit('connection', socket);
      } else {
        h1.emit('connection', socket);
        socket.resume();
      }
    });
  });
  return { server, h2, h1 };
}

/** A cleartext listener on an ephemeral port. */
export async function listenCleartext(
  handlers: CleartextHandlers,
  maxConcurrentStreams: number | undefined,
  host: string,
): Promise<{ server: net.Server; port: number }> {
  const { server } = createCleartextListener(handlers, maxConcurrentStreams !== undefined ? { maxConcurrentStreams } : undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('cleartext ping listener has no TCP address');
  return { server, port: address.port };
}
