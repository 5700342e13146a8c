/**
 * Strategies that hold N idle HTTP/2 connections open besides the one they ping on: on the
 * first request they open N sessions and wait for each server's SETTINGS (TLS done on
 * both ends, the server's session built), then keep them until close. For the client
 * memory test (src/costs/client-memory.test.ts): what N idle connections cost the client.
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import { http2Get } from '../../src/strategies/http2-request.js';
import { tlsOptions, type Strategy } from '../../src/strategies/types.js';

export function idleConnections(n: number): Strategy {
  return {
    id: `idle-${n}`,
    label: `one session for requests, ${n} idle sessions held open`,
    library: 'node:http2',
    intent: 'pool',
    configuration: `http2.connect(origin) × ${n + 1}`,
    async open({ origin, tls }) {
      const sessions: http2.ClientHttp2Session[] = [];
      let main: Promise<http2.ClientHttp2Session> | undefined;
      const connect = async (): Promise<http2.ClientHttp2Session> => {
        const session = http2.connect(origin, tlsOptions(tls));
        session.on('error', () => {});
        sessions.push(session);
        await once(session, 'remoteSettings');
        return session;
      };
      const first = async (): Promise<http2.ClientHttp2Session> => {
        await Promise.all(Array.from({ length: n }, connect));
        return connect();
      };
      return {
        ping: async (path, signal) => http2Get(await (main ??= first()), path, signal),
        close: async () => {
          for (const s of sessions) s.destroy();
        },
      };
    },
  };
}

export const idle10 = idleConnections(10);
export const idle300 = idleConnections(300);
