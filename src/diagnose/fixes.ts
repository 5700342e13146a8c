/**
 * Fix texts, per library: each names the option to change, with the concurrency of the
 * case filled in, so a reader can paste it. Libraries muxbench does not know get the
 * protocol-level advice.
 */
const UNDICI_ONE = (c: number): string => `new Agent({ allowH2: true, connections: 1, pipelining: ${Math.max(c, 1)} })`;

/**
 * Library versions of the case (CaseResult.runtime.packages): fixes differ between
 * majors, and each fix names the versions it applies to. Absent (older files, external
 * strategies) = every known version's text.
 */
export type Packages = Readonly<Record<string, string>> | undefined;

/** Major version of `name` in the case, or undefined when unknown. */
function major(packages: Packages, name: string): number | undefined {
  const m = /^(\d+)\./.exec(packages?.[name] ?? '');
  return m ? Number(m[1]) : undefined;
}

const GOT14_FAN_OUT =
  "got 14 (HTTP/2 through http2-wrapper 2.2.4): http2-wrapper's ALPN probe connection goes to the first request and the rest share a second session (http2-wrapper#96): await one request before the burst, or use http2.connect(origin) once and send every request on that session";
// Measured from got 16.1.0's source (dist/source/core/utils/http2-client.js) and on the
// wire (Node 26.10, 24 requests at once against a Node TLS server): 24 TCP connections,
// 24 TLS handshakes finished on the client, 2 on the server, 22 reset (tlsClientError
// ECONNRESET). With one request awaited first, the same burst opened no connection.
const GOT16_FAN_OUT =
  "got 16 (its own HTTP/2 client, no http2-wrapper): while its ALPN protocol cache is empty, got's auto() opens one tls.connect probe per request, so a cold burst dials one TCP connection per request; one session is pooled and every other probe socket is destroyed as soon as its TLS handshake ends on the client (claimAvailableSession → destroyReuseSocket), mostly before the server finished its side (measured, got 16.1.0 on Node 26.10: 24 at once → 24 TCP, 24 client handshakes, 2 on the server). Await one request before the burst (measured: then the burst opens no connection), or use http2.connect(origin) once";

// Read in axios 1.21.1's lib/helpers/Http2Sessions.js: a session is reused for the same
// origin only when the request's http2Options are deep-equal to those it was opened with.
const AXIOS_ONE_SESSION =
  'axios.create({ httpVersion: 2, http2Options }) once (axios 1.13 and later): axios reuses an HTTP/2 session only for the same origin and deep-equal http2Options, so build them once; without httpVersion: 2 axios speaks HTTP/1.1 and a burst takes a connection per request';
const GRPC_ONE_CHANNEL =
  'create one Client (one channel) per target and share it across calls; measured, grpc-js 1.14.7 on one channel: 100 calls at once → 1 connection on Node 20 and 26';
// Read in @smithy/node-http-handler 4.14.2 (node-http2-connection-manager.js) and measured
// (maxConcurrentStreams 10, 20 at once: 2 connections; 50 at once: 5).
const SMITHY_SESSIONS =
  'share one NodeHttp2Handler (one SDK client): each handler has its own session pool. It opens another session whenever every pooled one has maxConcurrentStreams streams in flight (measured: maxConcurrentStreams: 10, 20 at once → 2 connections), and disableConcurrentStreams: true gives every request a session of its own: leave both unset unless the server limits streams';

export function fanOutFix(library: string, concurrency: number, packages?: Packages): string {
  switch (library) {
    case 'undici': {
      const seven = `${UNDICI_ONE(concurrency)}: undici 7 (measured up to 7.30.2) adds a connection for every request pending while ALPN is unanswered; connections: 1 caps that and pipelining ≥ concurrency lets the requests share it`;
      const eight = 'undici 8 (8.0 and later, Node ≥ 22.19) does not fan out on a cold burst (nodejs/undici#5799; measured 8.13.1: 1 connection for 100 requests)';
      return (major(packages, 'undici') ?? 0) >= 8
        ? `${UNDICI_ONE(concurrency)}: ${eight}, so a fan-out here comes from the configuration; cap it at one connection`
        : `${seven}; or upgrade: ${eight}`;
    }
    case 'got':
    case 'http2-wrapper': {
      const got = major(packages, 'got');
      if (got === undefined) return `${GOT14_FAN_OUT}. ${GOT16_FAN_OUT}`;
      return got >= 15 ? GOT16_FAN_OUT : GOT14_FAN_OUT;
    }
    case 'node:http2':
      return 'call http2.connect(origin) once and send every request as session.request() on that one session';
    case 'axios':
      return AXIOS_ONE_SESSION;
    case '@grpc/grpc-js':
      return GRPC_ONE_CHANNEL;
    case '@smithy/node-http-handler':
      return SMITHY_SESSIONS;
    // External clients (--client-cmd): the library is the program's name.
    case 'curl':
      return 'with --http2, drop --parallel-immediate: curl --parallel then waits for the first connection and multiplexes the other transfers onto it (measured: 20 connections → 1); over HTTP/1.1 every transfer in flight needs a connection of its own';
    case 'h2load':
      return 'h2load -c N opens N connections by design: -c 1 -m N puts N streams on one';
    case 'java':
      return 'java.net.http.HttpClient (JDK 17) opens a connection for each request sent before its first HTTP/2 connection is up: send one request and await it before the burst (measured with examples/clients/Client.java: 10 connections → 1)';
    default:
      return 'create the client once and share it; cap it at one connection per origin and let requests multiplex as HTTP/2 streams (RFC 9113 §9.1)';
  }
}

export function downgradeFix(library: string, concurrency: number): string {
  switch (library) {
    case 'node:https':
      return `node:https speaks only HTTP/1.1 and sends no ALPN: use http2.connect(origin) and share the session, or undici ${UNDICI_ONE(concurrency)}`;
    case 'undici':
      return `HTTP/2 is off by default in undici 7 and on by default in undici 8 (unless allowH2: false): ${UNDICI_ONE(concurrency)}`;
    case 'got':
      return 'got speaks HTTP/2 only with got({ http2: true }) (got 14 and 16 alike)';
    case 'fetch':
      return `the global fetch of Node 20 (bundled undici 6) and Node 24 does not offer h2; Node 26's (bundled undici 8) does: fetch(url, { dispatcher: ${UNDICI_ONE(concurrency)} }) with the undici package, or run on Node 26`;
    case 'curl':
      return '--http1.1 forces HTTP/1.1: use --http2 (over TLS, curl built with nghttp2 offers h2 by default)';
    case 'axios':
      // axios-h1 (its default agent): no ALPN at all, like node:https, one connection per request in flight.
      return 'axios speaks HTTP/1.1 through node:https (no ALPN) unless told otherwise: axios.create({ httpVersion: 2, http2Options: { /* TLS options */ } }) (axios 1.13 and later)';
    default:
      return "offer h2 in ALPN (ALPNProtocols: ['h2', 'http/1.1']) and send requests with an HTTP/2 client";
  }
}

export function serializedFix(library: string, concurrency: number): string {
  switch (library) {
    case 'undici':
      return `${UNDICI_ONE(concurrency)}: with the default pipelining: 1, undici sends one HTTP/2 request at a time on a connection`;
    default:
      return 'send requests concurrently on the session: look for a per-connection queue or a limit of 1 in flight in the client';
  }
}

export function refusedFix(library: string, limit: number | null): string {
  const cap = limit !== null ? String(limit) : "the server's SETTINGS_MAX_CONCURRENT_STREAMS";
  switch (library) {
    case 'node:http2':
      return `wait for the session's 'remoteSettings' event before the first request (await once(session, 'remoteSettings')): Node then queues streams above the limit instead of sending them`;
    case 'undici':
      return `undici 7 neither waits for SETTINGS nor retries refused streams: cap requests in flight at ${cap} (pipelining: ${cap}), or retry REFUSED_STREAM, which is always safe (RFC 9113 §8.7)`;
    // Measured at concurrency 50 against --server-max-streams 10, Node 20.20 and 26.10 alike:
    // axios 1.21.1 and NodeHttp2Handler 4.14.2 lost 40 of 50 cold requests, grpc-js none.
    case 'axios':
      return `axios neither waits for the server's SETTINGS nor retries a refused stream, and its session is not reachable: cap requests in flight at ${cap} in your code, or retry ERR_HTTP2_STREAM_ERROR when the stream was refused (REFUSED_STREAM is always safe to retry, RFC 9113 §8.7)`;
    case '@smithy/node-http-handler':
      return `new NodeHttp2Handler({ maxConcurrentStreams: ${cap} }): the pool then opens another session instead of sending streams the server refuses (measured at concurrency 50 against a limit of 10: 40 refused → 0, over 5 connections)`;
    case '@grpc/grpc-js':
      return "grpc-js retried the refused calls itself (gRPC's transparent retry: a refused stream never reached the server's application), so no call failed; each refusal still cost a round trip: keep calls in flight per channel at or below the server's limit";
    default:
      return `wait for the server's SETTINGS before the first burst, or cap requests in flight at ${cap}; REFUSED_STREAM is always safe to retry (RFC 9113 §8.7)`;
  }
}

export function warmConnectionsFix(library: string, intent: string, concurrency: number): string {
  if (intent === 'pool') {
    // Measured (undici 7, back-to-back rounds, no socket closed): a finished connection
    // is marked free only on its 'drain', a tick after the response ended, so a request
    // sent in that tick makes the pool dial a new one instead of waiting.
    switch (library) {
      case 'undici':
        return `cap the pool so it queues instead of dialing: new Agent({ connections: ${concurrency} }); undici marks a connection free a tick after its response ended, and a request sent in that tick gets a new connection`;
      case 'fetch':
        return `fetch(url, { dispatcher: new Agent({ connections: ${concurrency} }) }) with the undici package: the default dispatcher's pool has no cap and dials a new connection for a request sent a tick before a finished one is marked free`;
      default:
        // Measured (sweep, C = 1000): node:http(s) Agent keeps at most maxFreeSockets (default
        // 256) idle sockets and destroys the rest, so every round re-dials C - 256 of them
        // (744 a round at C = 1000, in https-keepalive and got-h1 alike).
        if (concurrency > 256 && (library === 'node:https' || library === 'got')) {
          return `raise the Agent's idle-socket cap to the concurrency: new https.Agent({ keepAlive: true, maxFreeSockets: ${concurrency} }); the default maxFreeSockets is 256, so each round closes ${concurrency - 256} idle sockets and dials them again`;
        }
        return 'share one Agent({ keepAlive: true }) across requests so idle sockets are reused, and check that neither side closes idle connections between requests';
    }
  }
  switch (library) {
    case 'node:http2':
      return 'keep the session open between requests: do not close() it after a request, and replace it only when it is closed or got GOAWAY';
    case 'axios':
      return AXIOS_SESSION_TIMEOUT;
    default:
      return 'create the client once and reuse it for every request; do not close it per request';
  }
}

// Measured (idle-burst, server idle timeout 2.5 s, idle gaps 2.499/2.5/2.501 s, Node 20):
// axios-h2 3 new connections and 0 failures; with sessionTimeout 30000, 1 new connection
// and 40 of 80 requests failed on the session the server was closing.
const AXIOS_SESSION_TIMEOUT =
  "axios closes an HTTP/2 session http2Options.sessionTimeout after its last stream (default 1000 ms), so every idle gap longer than that costs a new connection and a full TLS handshake: raise sessionTimeout above your idle gaps, but keep it below the server's idle timeout (measured: 30 s against a server that closes after 2.5 s lost 40 of 80 requests to the closing session)";

export function goawayFix(perConnection: number): string {
  return `the server ends each connection after about ${perConnection} requests with GOAWAY (nginx: keepalive_requests, default 1000): raise that limit; keep TLS session tickets so replacement connections resume instead of paying a full handshake`;
}

export function goawayErrorFix(library: string): string {
  // Measured against the local Node server (nghttp2 frame log): got/http2-wrapper 2.2.4
  // sends one RST_STREAM per completed request, and the server tears the session down
  // with GOAWAY INTERNAL_ERROR after roughly a thousand of them, the pattern of
  // HTTP/2 rapid-reset protection (CVE-2023-44487).
  const base = "find what the server objects to: a GOAWAY with INTERNAL_ERROR or ENHANCE_YOUR_CALM is the server's protection firing (its error log names it)";
  return library === 'got' || library === 'http2-wrapper'
    ? `${base}; got's HTTP/2 (http2-wrapper 2.2.4) resets every stream after its response (measured: one RST_STREAM per request), which servers with rapid-reset protection (CVE-2023-44487) count as an attack; for sustained HTTP/2 traffic use node:http2 or undici Agent({ allowH2: true, connections: 1, pipelining: <concurrency> })`
    : `${base}, and stop the client from doing it (many RST_STREAM frames, too many pings or SETTINGS, oversized headers)`;
}

export function unusedFix(library: string, packages?: Packages): string {
  switch (library) {
    case 'got':
    case 'http2-wrapper': {
      const got14 = 'got 14: http2-wrapper opens a probe connection to learn the protocol (ALPN); await one request before the burst so later ones find http2wrapper.auto.protocolCache filled';
      const got16 = "got 16: every request of a cold burst opens its own ALPN probe and all but one are discarded once a session is up; await one request before the burst so got's protocol cache is filled";
      const got = major(packages, 'got');
      return got === undefined ? `${got14}; ${got16}` : got >= 15 ? got16 : got14;
    }
    case 'undici':
      return 'undici opened connections its requests did not need: cap the pool (connections: 1 for HTTP/2)';
    default:
      return 'find what opens the connection (an ALPN probe, a pre-connect, a raced dial) and let the first request use it';
  }
}

/**
 * The keep-alive race: the client's idle timeout must be below the server's, so the
 * client drops an idle connection before the server does; `serverMs` is the server's
 * timeout when muxbench set it. Requests that are safe to repeat can also be retried.
 */
export function keepAliveRaceFix(library: string, serverMs: number | undefined): string {
  const below = serverMs !== undefined ? Math.max(1, serverMs - Math.max(100, Math.round(serverMs / 10))) : undefined;
  const value = below !== undefined ? String(below) : '<a bit below the server\'s idle timeout>';
  const server = serverMs !== undefined ? `the server's ${serverMs} ms` : "the server's";
  switch (library) {
    case 'undici':
      return `close idle connections before the server does: new Agent({ keepAliveTimeout: ${value} }), below ${server} (undici keeps an idle connection 4 s by default, or what a Keep-Alive: timeout header says, minus 2 s); or retry requests that are safe to repeat (undici's retry interceptor retries ECONNRESET)`;
    case 'fetch':
      return `fetch(url, { dispatcher: new Agent({ keepAliveTimeout: ${value} }) }) with the undici package, below ${server}: the default dispatcher keeps an idle connection 4 s`;
    case 'node:https':
      return `close idle sockets before the server does: new https.Agent({ keepAlive: true, timeout: ${value} }), below ${server} (the agent's timeout closes a free socket that long idle; the agentkeepalive package calls it freeSocketTimeout); or retry requests that are safe to repeat`;
    case 'got':
      return `give got an agent that closes idle sockets first: got(url, { agent: { https: new https.Agent({ keepAlive: true, timeout: ${value} }) } }), below ${server}; got retries a GET that failed with ECONNRESET unless retry is turned off`;
    case 'axios':
      return `keep axios's http2Options.sessionTimeout (default 1000 ms) below ${server} idle timeout, e.g. ${value}: axios then closes an idle session before the server does`;
    case '@smithy/node-http-handler':
      // 4.14.2: sessionTimeout becomes session.setTimeout(…) on every pooled session, which destroys it when idle that long.
      return `new NodeHttp2Handler({ sessionTimeout: ${value} }), below ${server}: the handler then destroys a session idle that long before the server closes it`;
    case 'node:http2':
    case 'http2-wrapper':
      return `close an idle session before the server does (session.setTimeout(${value}, () => session.close())), below ${server}, and open a new session once one got GOAWAY`;
    default:
      return `set the client's idle-connection timeout below ${server} idle timeout so it never reuses a connection the server is closing, or retry requests that are safe to repeat when they fail on a reused connection`;
  }
}

/**
 * Idle connections a client never closes (the lifetime scenario), and pools that grow
 * with every origin: an idle timeout on the client, and a cap across origins where the
 * library has one. `idleMs`: how long the kept connections had idled; `grows`: the pool
 * held about origins × concurrency connections. Option names read in the installed
 * sources (undici 7.30.2 lib/dispatcher/agent.js and client.js, axios 1.21.1
 * lib/helpers/Http2Sessions.js, @smithy/node-http-handler 4.14.2, @grpc/grpc-js 1.14.7
 * channel-options, http2-wrapper 2.2.4 source/agent.js) and Node's http.Agent docs.
 */
export function idleKeptFix(library: string, idleMs: number, grows: boolean): string {
  const ms = Math.max(1, Math.min(4000, Math.round(idleMs / 2)));
  const cap = (text: string): string => (grows ? `; and ${text}` : '');
  switch (library) {
    case 'undici':
      return `new Agent({ keepAliveTimeout: ${ms} }) closes an idle HTTP/1.1 connection after that long (default 4000 ms; keepAliveMaxTimeout caps what a server's Keep-Alive hint may raise it to); undici 7 applies no idle timeout to HTTP/2 sessions (nodejs/undici#5381), so close the Agent (agent.close()) of an origin you stopped using${cap('bound the pool: connections: 1 with allowH2 (one session per origin) and maxOrigins: N (an Agent refuses origins past N) instead of a connection per concurrent request per origin')}`;
    case 'fetch':
      return `fetch(url, { dispatcher: new Agent({ keepAliveTimeout: ${ms} }) }) with the undici package: the default dispatcher closes idle HTTP/1.1 connections after 4 s but keeps HTTP/2 sessions${cap('cap the dispatcher with connections per origin and maxOrigins')}`;
    case 'node:https':
      return `new https.Agent({ keepAlive: true, timeout: ${ms}, maxFreeSockets: 1 }): timeout destroys a free socket idle that long (the agentkeepalive package calls it freeSocketTimeout), maxFreeSockets bounds the idle sockets kept per host (default 256)${cap('maxTotalSockets bounds the sockets across all hosts (default Infinity)')}`;
    case 'got':
      return `got(url, { agent: { https: new https.Agent({ keepAlive: true, timeout: ${ms}, maxFreeSockets: 1 }) } }); over HTTP/2, got 14's http2-wrapper takes agent: { http2: new http2wrapper.Agent({ timeout: ${ms}, maxEmptySessions: 1 }) }${cap('maxTotalSockets (https.Agent) or maxSessions (http2wrapper.Agent) bound the pool across origins')}`;
    case 'axios':
      return `httpsAgent: new https.Agent({ keepAlive: true, timeout: ${ms}, maxFreeSockets: 1 }) for HTTP/1.1; with httpVersion: 2, http2Options.sessionTimeout (default 1000 ms) closes an idle session — left null, sessions are kept forever${cap('maxTotalSockets on the agent bounds the sockets across origins')}`;
    case '@smithy/node-http-handler':
      return `new NodeHttp2Handler({ sessionTimeout: ${ms} }): a pooled session idle that long is destroyed; without it sessions stay open${cap('share one handler across clients of the same origin; every handler keeps its own pool')}`;
    case '@grpc/grpc-js':
      return `the channel option 'grpc.client_idle_timeout_ms': ${Math.max(1000, ms)} (grpc-js's default is 30 minutes) lets an idle channel drop its connection; or client.close() a channel you stopped using${cap('share one channel per target')}`;
    case 'node:http2':
    case 'http2-wrapper':
      return `session.setTimeout(${ms}, () => session.close()) on every session: node:http2 keeps an idle session open forever; http2-wrapper's Agent takes timeout: ${ms}${cap('keep one session per origin and close the sessions of origins no longer used')}`;
    default:
      return `give the client an idle timeout (close a connection idle about ${ms} ms) and bound its idle connections per origin${cap('cap the connections across origins, so the pool does not grow with every origin')}`;
  }
}
