/**
 * Real clients, each misconfigured in one of the ways the diagnosis rules exist for,
 * loaded by the tests as a user strategy file (so they also exercise --strategy-file).
 * Each claims `one-connection`, as a team that turned HTTP/2 on would.
 */
import { nodeHttpGet } from '../../src/strategies/node-http-get.js';
import { once } from 'node:events';
import https from 'node:https';
import tls from 'node:tls';
import { http2SessionPerRequest } from '../../src/strategies/http2-session-per-request.js';
import { http2SingleSession } from '../../src/strategies/http2-single-session.js';
import { checkStatus, tlsOptions, type Strategy } from '../../src/strategies/types.js';

/** downgrade: node:https believed to be "our HTTP/2 client"; it sends no ALPN at all. */
export const httpsAgentAsH2: Strategy = {
  id: 'https-agent-as-h2',
  label: 'https.Agent({ keepAlive: true, maxSockets: 1 }) believed to speak HTTP/2',
  library: 'node:https',
  intent: 'one-connection',
  configuration: 'new https.Agent({ keepAlive: true, maxSockets: 1 })',
  async open({ origin, tls: material }) {
    // maxSockets: 1 so that only the protocol is wrong, not the connection count.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ...tlsOptions(material) });
    return {
      ping: (path, signal) => nodeHttpGet(new URL(path, origin), agent, signal),
      close: async () => agent.destroy(),
    };
  },
};

/** serialized multiplexing: one undici Client with HTTP/2 but the default pipelining of 1. */
export const undiciClientPipelining1: Strategy = {
  id: 'undici-client-pipelining-1',
  label: 'undici Client({ allowH2: true }) - pipelining left at 1',
  library: 'undici',
  intent: 'one-connection',
  configuration: 'new Client(origin, { allowH2: true, pipelining: 1 })',
  async open(ctx) {
    const { Client } = await import('undici');
    const client = new Client(ctx.origin, { allowH2: true, pipelining: 1, connect: tlsOptions(ctx.tls) });
    return {
      async ping(path, signal) {
        const response = await client.request({ method: 'GET', path, signal });
        await response.body.arrayBuffer();
        checkStatus(response.statusCode);
      },
      close: () => client.close(),
    };
  },
};

/** unused connection: probes the origin's ALPN on its own TLS connection, then talks on another. */
export const alpnProbeThenSession: Strategy = {
  ...http2SingleSession,
  id: 'alpn-probe-then-session',
  label: 'ALPN probe connection, then one node:http2 session',
  configuration: "tls.connect(ALPNProtocols ['h2']) to learn the protocol, closed; then http2.connect",
  async open(ctx) {
    const probe = tls.connect({
      host: ctx.origin.hostname,
      port: Number(ctx.origin.port),
      ALPNProtocols: ['h2', 'http/1.1'],
      ...tlsOptions(ctx.tls),
      servername: ctx.tls.servername ?? 'localhost',
    });
    await once(probe, 'secureConnect');
    probe.end();
    return http2SingleSession.open(ctx);
  },
};

/** connection per request: a new session for every request, from a client that claims to share one. */
export const sessionPerCallAsOne: Strategy = {
  ...http2SessionPerRequest,
  id: 'session-per-call-as-one',
  label: 'http2.connect per request, believed to share one connection',
  intent: 'one-connection',
};

export default [httpsAgentAsH2, undiciClientPipelining1, alpnProbeThenSession, sessionPerCallAsOne];
