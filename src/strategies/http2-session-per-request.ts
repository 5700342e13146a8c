import http2 from 'node:http2';
import { http2Get } from './http2-request.js';
import { tlsOptions, type Strategy } from './types.js';

/** A new node:http2 session (TCP + TLS) for every request, closed after it: the cost of not reusing. */
export const http2SessionPerRequest: Strategy = {
  id: 'http2-session-per-request',
  label: 'node:http2 - new session per request',
  library: 'node:http2',
  intent: 'connection-per-request',
  configuration: 'http2.connect(origin) for every request, session.close() after it',
  async open({ origin, tls, requestBody }) {
    const open = new Set<http2.ClientHttp2Session>();
    return {
      async ping(path, signal) {
        const session = http2.connect(origin, tlsOptions(tls));
        session.on('error', () => {});
        open.add(session);
        try {
          await http2Get(session, path, signal, requestBody);
        } finally {
          open.delete(session);
          session.close();
        }
      },
      async close() {
        for (const session of open) session.destroy();
      },
    };
  },
};
