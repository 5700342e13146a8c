import http2 from 'node:http2';
import { http2Get } from './http2-request.js';
import { tlsOptions, type Strategy } from './types.js';

/**
 * All requests are streams on one node:http2 session, opened on first use (so the cold
 * round pays for it). A closed or GOAWAY'd session is replaced on the next request, as
 * any long-lived client has to.
 */
export const http2SingleSession: Strategy = {
  id: 'http2-single-session',
  label: 'node:http2 - one shared session',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: 'http2.connect(origin) once; every request is session.request()',
  async open({ origin, tls, requestBody }) {
    let session: http2.ClientHttp2Session | undefined;
    const current = (): http2.ClientHttp2Session => {
      if (!session || session.closed || session.destroyed) {
        session = http2.connect(origin, tlsOptions(tls));
        // Errors reach the streams; an unhandled session 'error' would crash the worker.
        session.on('error', () => {});
      }
      return session;
    };
    return {
      ping: (path, signal) => http2Get(current(), path, signal, requestBody),
      close: async () => {
        const s = session;
        if (!s || s.destroyed) return;
        // Already closing (GOAWAY): its close callback may never come; nothing is in flight.
        if (s.closed || s.connecting) return void s.destroy();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      },
    };
  },
};
