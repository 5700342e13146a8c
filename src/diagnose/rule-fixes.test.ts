/**
 * The fix texts, library by library and version by version: each names the option to
 * change with the case's numbers filled in, and picks the text for the library major it
 * was measured with. Expected fragments are written out by hand; a test asserting a
 * fragment also asserts the texts of the other branches are absent, so the branch chosen
 * is what is checked, not only that some text came back.
 */
import { describe, expect, it } from 'vitest';
import { downgradeFix, fanOutFix, goawayErrorFix, goawayFix, keepAliveRaceFix, refusedFix, serializedFix, unusedFix, warmConnectionsFix } from './fixes.js';

const UNDICI_20 = 'new Agent({ allowH2: true, connections: 1, pipelining: 20 })';

describe('fanOutFix', () => {
  const undici7 = 'undici 7 (measured up to 7.30.2) adds a connection for every request pending while ALPN is unanswered';
  const undici8 = 'undici 8 (8.0 and later, Node ≥ 22.19) does not fan out on a cold burst';

  it('undici without a known version: the undici 7 fix with the concurrency, then the upgrade', () => {
    const fix = fanOutFix('undici', 20);
    expect(fix.startsWith(`${UNDICI_20}: ${undici7}`)).toBe(true);
    expect(fix).toContain(`; or upgrade: ${undici8}`);
    expect(fix).not.toContain('comes from the configuration');
    // A concurrency of 0 still names a pipelining of at least 1.
    expect(fanOutFix('undici', 0)).toContain('pipelining: 1 })');
  });

  it('undici 7 gets the same text as an unknown version; 8 and later blame the configuration', () => {
    const seven = fanOutFix('undici', 20, { undici: '7.30.2' });
    expect(seven.startsWith(`${UNDICI_20}: ${undici7}`)).toBe(true);
    expect(seven).toContain(`; or upgrade: ${undici8}`);
    for (const version of ['8.0.0', '8.13.1', '9.2.0', '10.0.0']) {
      const fix = fanOutFix('undici', 20, { undici: version });
      expect(fix, version).toBe(`${UNDICI_20}: ${undici8} (nodejs/undici#5799; measured 8.13.1: 1 connection for 100 requests), so a fan-out here comes from the configuration; cap it at one connection`);
    }
  });

  it('a version that does not start with a number is unknown: the text for every major', () => {
    for (const version of ['^8.0.0', 'v8.0.0', 'latest']) {
      const fix = fanOutFix('undici', 20, { undici: version });
      expect(fix, version).toContain('; or upgrade: ');
    }
    expect(fanOutFix('undici', 20, { got: '8.0.0' })).toContain('; or upgrade: ');
  });

  it('got and http2-wrapper: the text of the got major in the case, both without one', () => {
    const got14 = "got 14 (HTTP/2 through http2-wrapper 2.2.4): http2-wrapper's ALPN probe connection goes to the first request";
    const got16 = "got 16 (its own HTTP/2 client, no http2-wrapper): while its ALPN protocol cache is empty, got's auto() opens one tls.connect probe per request";
    for (const library of ['got', 'http2-wrapper']) {
      const both = fanOutFix(library, 20);
      expect(both.startsWith(got14), library).toBe(true);
      expect(both, library).toContain(`use http2.connect(origin) once and send every request on that session. ${got16}`);
      const fourteen = fanOutFix(library, 20, { got: '14.6.6' });
      expect(fourteen.startsWith(got14), library).toBe(true);
      expect(fourteen, library).not.toContain('got 16');
      for (const version of ['15.0.0', '16.1.0']) {
        const sixteen = fanOutFix(library, 20, { got: version });
        expect(sixteen.startsWith(got16), `${library} ${version}`).toBe(true);
        expect(sixteen, `${library} ${version}`).not.toContain('got 14');
      }
    }
  });

  it('node:http2, the external clients, and a library muxbench does not know', () => {
    expect(fanOutFix('node:http2', 20)).toBe('call http2.connect(origin) once and send every request as session.request() on that one session');
    expect(fanOutFix('curl', 20)).toMatch(/^with --http2, drop --parallel-immediate: curl --parallel then waits for the first connection/);
    expect(fanOutFix('h2load', 20)).toBe('h2load -c N opens N connections by design: -c 1 -m N puts N streams on one');
    expect(fanOutFix('java', 20)).toMatch(/^java\.net\.http\.HttpClient \(JDK 17\) opens a connection for each request sent before/);
    expect(fanOutFix('some-client', 20)).toBe(
      'create the client once and share it; cap it at one connection per origin and let requests multiplex as HTTP/2 streams (RFC 9113 §9.1)',
    );
  });
});

describe('downgradeFix', () => {
  it('names the way to HTTP/2 for each library, with the concurrency', () => {
    expect(downgradeFix('node:https', 20)).toBe(
      `node:https speaks only HTTP/1.1 and sends no ALPN: use http2.connect(origin) and share the session, or undici ${UNDICI_20}`,
    );
    expect(downgradeFix('undici', 20)).toBe(`HTTP/2 is off by default in undici 7 and on by default in undici 8 (unless allowH2: false): ${UNDICI_20}`);
    expect(downgradeFix('got', 20)).toBe('got speaks HTTP/2 only with got({ http2: true }) (got 14 and 16 alike)');
    expect(downgradeFix('fetch', 20)).toMatch(/^the global fetch of Node 20 \(bundled undici 6\) and Node 24 does not offer h2/);
    expect(downgradeFix('fetch', 20)).toContain(`fetch(url, { dispatcher: ${UNDICI_20} }) with the undici package, or run on Node 26`);
    expect(downgradeFix('curl', 20)).toBe('--http1.1 forces HTTP/1.1: use --http2 (over TLS, curl built with nghttp2 offers h2 by default)');
    expect(downgradeFix('some-client', 20)).toBe("offer h2 in ALPN (ALPNProtocols: ['h2', 'http/1.1']) and send requests with an HTTP/2 client");
  });
});

describe('serializedFix', () => {
  it('undici: pipelining up to the concurrency; others: look for the queue', () => {
    expect(serializedFix('undici', 20)).toBe(`${UNDICI_20}: with the default pipelining: 1, undici sends one HTTP/2 request at a time on a connection`);
    expect(serializedFix('node:http2', 20)).toBe(
      'send requests concurrently on the session: look for a per-connection queue or a limit of 1 in flight in the client',
    );
  });
});

describe('refusedFix', () => {
  it('node:http2 waits for remoteSettings, whatever the limit', () => {
    const fix = refusedFix('node:http2', 10);
    expect(fix).toMatch(/^wait for the session's 'remoteSettings' event before the first request \(await once\(session, 'remoteSettings'\)\)/);
    expect(refusedFix('node:http2', null)).toBe(fix);
  });

  it('undici and the rest cap requests in flight at the limit, or name the setting when it is unknown', () => {
    expect(refusedFix('undici', 10)).toBe(
      'undici 7 neither waits for SETTINGS nor retries refused streams: cap requests in flight at 10 (pipelining: 10), or retry REFUSED_STREAM, which is always safe (RFC 9113 §8.7)',
    );
    expect(refusedFix('undici', null)).toContain(
      "cap requests in flight at the server's SETTINGS_MAX_CONCURRENT_STREAMS (pipelining: the server's SETTINGS_MAX_CONCURRENT_STREAMS)",
    );
    expect(refusedFix('got', 10)).toBe(
      "wait for the server's SETTINGS before the first burst, or cap requests in flight at 10; REFUSED_STREAM is always safe to retry (RFC 9113 §8.7)",
    );
    expect(refusedFix('got', null)).toContain("or cap requests in flight at the server's SETTINGS_MAX_CONCURRENT_STREAMS;");
  });
});

describe('warmConnectionsFix', () => {
  const share = 'share one Agent({ keepAlive: true }) across requests so idle sockets are reused';

  it('a pool: undici and fetch cap their pool at the concurrency', () => {
    expect(warmConnectionsFix('undici', 'pool', 20)).toMatch(/^cap the pool so it queues instead of dialing: new Agent\(\{ connections: 20 \}\); undici marks/);
    // Above 256 undici keeps its own text: maxFreeSockets is node:http(s)'s.
    expect(warmConnectionsFix('undici', 'pool', 1000)).toMatch(/^cap the pool so it queues instead of dialing: new Agent\(\{ connections: 1000 \}\)/);
    expect(warmConnectionsFix('fetch', 'pool', 20)).toMatch(/^fetch\(url, \{ dispatcher: new Agent\(\{ connections: 20 \}\) \}\) with the undici package/);
  });

  it("a node:https or got pool above 256 requests at once names maxFreeSockets and the sockets it re-dials; at 256, or another library, the keep-alive advice", () => {
    for (const library of ['node:https', 'got']) {
      expect(warmConnectionsFix(library, 'pool', 1000), library).toBe(
        "raise the Agent's idle-socket cap to the concurrency: new https.Agent({ keepAlive: true, maxFreeSockets: 1000 }); the default maxFreeSockets is 256, so each round closes 744 idle sockets and dials them again",
      );
      expect(warmConnectionsFix(library, 'pool', 257), library).toContain('each round closes 1 idle sockets');
      expect(warmConnectionsFix(library, 'pool', 256).startsWith(share), library).toBe(true);
    }
    expect(warmConnectionsFix('node:http', 'pool', 1000).startsWith(share)).toBe(true);
    expect(warmConnectionsFix('node:https', 'pool', 20)).toBe(
      `${share}, and check that neither side closes idle connections between requests`,
    );
  });

  it('not a pool: node:http2 keeps its session, any other client is created once', () => {
    expect(warmConnectionsFix('node:http2', 'one-connection', 20)).toBe(
      'keep the session open between requests: do not close() it after a request, and replace it only when it is closed or got GOAWAY',
    );
    for (const library of ['undici', 'fetch', 'got']) {
      expect(warmConnectionsFix(library, 'one-connection', 1000), library).toBe(
        'create the client once and reuse it for every request; do not close it per request',
      );
    }
  });
});

describe('goaway fixes', () => {
  it('a graceful limit: the requests per connection, and the limit to raise', () => {
    expect(goawayFix(25)).toBe(
      'the server ends each connection after about 25 requests with GOAWAY (nginx: keepalive_requests, default 1000): raise that limit; keep TLS session tickets so replacement connections resume instead of paying a full handshake',
    );
  });

  it("an error GOAWAY: got's resets are named for got and http2-wrapper, the general advice for the rest", () => {
    const base = "find what the server objects to: a GOAWAY with INTERNAL_ERROR or ENHANCE_YOUR_CALM is the server's protection firing (its error log names it)";
    for (const library of ['got', 'http2-wrapper']) {
      const fix = goawayErrorFix(library);
      expect(fix.startsWith(`${base}; got's HTTP/2 (http2-wrapper 2.2.4) resets every stream after its response`), library).toBe(true);
      expect(fix, library).toContain('undici Agent({ allowH2: true, connections: 1, pipelining: <concurrency> })');
    }
    expect(goawayErrorFix('node:http2')).toBe(`${base}, and stop the client from doing it (many RST_STREAM frames, too many pings or SETTINGS, oversized headers)`);
  });
});

describe('unusedFix', () => {
  const got14 = 'got 14: http2-wrapper opens a probe connection to learn the protocol (ALPN); await one request before the burst';
  const got16 = 'got 16: every request of a cold burst opens its own ALPN probe and all but one are discarded once a session is up';

  it('got and http2-wrapper: the text of the got major in the case, both without one', () => {
    for (const library of ['got', 'http2-wrapper']) {
      const both = unusedFix(library);
      expect(both.startsWith(got14), library).toBe(true);
      expect(both, library).toContain(`http2wrapper.auto.protocolCache filled; ${got16}`);
      expect(unusedFix(library, { got: '14.6.6' }), library).toBe(
        'got 14: http2-wrapper opens a probe connection to learn the protocol (ALPN); await one request before the burst so later ones find http2wrapper.auto.protocolCache filled',
      );
      for (const version of ['15.0.0', '16.1.0']) {
        expect(unusedFix(library, { got: version }), `${library} ${version}`).toBe(
          "got 16: every request of a cold burst opens its own ALPN probe and all but one are discarded once a session is up; await one request before the burst so got's protocol cache is filled",
        );
      }
    }
  });

  it('undici caps its pool; anything else looks for what dialed', () => {
    expect(unusedFix('undici')).toBe('undici opened connections its requests did not need: cap the pool (connections: 1 for HTTP/2)');
    expect(unusedFix('node:http2')).toBe(
      'find what opens the connection (an ALPN probe, a pre-connect, a raced dial) and let the first request use it',
    );
  });
});

describe('the clients teams ship: axios, grpc-js, the AWS SDK v3 HTTP/2 handler', () => {
  const generic = {
    fanOut: 'create the client once and share it; cap it at one connection per origin',
    refused: "wait for the server's SETTINGS before the first burst",
    warm: 'create the client once and reuse it for every request',
    downgrade: 'offer h2 in ALPN',
  };

  it('fan-out: each library names its own knob, none falls back to the generic text', () => {
    expect(fanOutFix('axios', 50)).toContain('reuses an HTTP/2 session only for the same origin and deep-equal http2Options');
    expect(fanOutFix('@grpc/grpc-js', 50)).toContain('create one Client (one channel) per target');
    expect(fanOutFix('@smithy/node-http-handler', 50)).toContain('maxConcurrentStreams: 10, 20 at once → 2 connections');
    for (const library of ['axios', '@grpc/grpc-js', '@smithy/node-http-handler']) expect(fanOutFix(library, 50), library).not.toContain(generic.fanOut);
  });

  it('refused streams: axios has no knob, NodeHttp2Handler caps streams per session at the limit, grpc-js retried them', () => {
    expect(refusedFix('axios', 10)).toContain('cap requests in flight at 10 in your code');
    expect(refusedFix('@smithy/node-http-handler', 10)).toMatch(/^new NodeHttp2Handler\(\{ maxConcurrentStreams: 10 \}\)/);
    expect(refusedFix('@smithy/node-http-handler', null)).toContain("maxConcurrentStreams: the server's SETTINGS_MAX_CONCURRENT_STREAMS");
    expect(refusedFix('@grpc/grpc-js', 10)).toContain("gRPC's transparent retry");
    for (const library of ['axios', '@grpc/grpc-js', '@smithy/node-http-handler']) expect(refusedFix(library, 10), library).not.toContain(generic.refused);
  });

  it("warm reconnects: axios's 1000 ms sessionTimeout, with the keep-alive race on the other side", () => {
    const fix = warmConnectionsFix('axios', 'one-connection', 20);
    expect(fix).toContain('http2Options.sessionTimeout after its last stream (default 1000 ms)');
    expect(fix).toContain("keep it below the server's idle timeout");
    expect(fix).not.toContain(generic.warm);
    // A pool is a pool whatever the library: axios-h1 on node:https's agent gets the agent's text.
    expect(warmConnectionsFix('axios', 'pool', 20)).not.toContain('sessionTimeout');
  });

  it('keep-alive race and downgrade: the option of each library', () => {
    expect(keepAliveRaceFix('axios', 2500)).toBe(
      "keep axios's http2Options.sessionTimeout (default 1000 ms) below the server's 2500 ms idle timeout, e.g. 2250: axios then closes an idle session before the server does",
    );
    expect(keepAliveRaceFix('@smithy/node-http-handler', 2500)).toMatch(/^new NodeHttp2Handler\(\{ sessionTimeout: 2250 \}\), below the server's 2500 ms/);
    expect(downgradeFix('axios', 20)).toContain('axios.create({ httpVersion: 2, http2Options');
    expect(downgradeFix('axios', 20)).not.toContain(generic.downgrade);
  });
});
