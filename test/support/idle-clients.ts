/**
 * Two node:http2 clients that differ only in what they do with an idle session, loaded
 * by the lifetime tests as a user strategy file: one keeps it open forever (node:http2's
 * default), the other closes it once it has idled IDLE_CLOSE_MS. Both open one session
 * per origin (one client per origin in the lifetime scenario) and reopen it when closed.
 */
import http2 from 'node:http2';
import { http2Get } from '../../src/strategies/http2-request.js';
import { tlsOptions, type Strategy, type StrategyClient, type StrategyContext } from '../../src/strategies/types.js';

/** The closing client's idle timeout (ms). */
export const IDLE_CLOSE_MS = 150;

function sessionClient({ origin, tls }: StrategyContext, idleCloseMs: number | undefined): StrategyClient {
  let session: http2.ClientHttp2Session | undefined;
  const current = (): http2.ClientHttp2Session => {
    if (!session || session.closed || session.destroyed) {
      const s = http2.connect(origin, tlsOptions(tls));
      s.on('error', () => {});
      // 'timeout' fires once the session has had no activity for that long.
      if (idleCloseMs !== undefined) s.setTimeout(idleCloseMs, () => s.close());
      session = s;
    }
    return session;
  };
  return {
    ping: (path, signal) => http2Get(current(), path, signal),
    close: async () => {
      const s = session;
      if (!s || s.destroyed) return;
      if (s.closed) return void s.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

export const keepsIdleForever: Strategy = {
  id: 'http2-keeps-idle-forever',
  label: 'node:http2 session, never closed while idle',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: 'http2.connect(origin) once per origin; no idle timeout',
  open: async (ctx) => sessionClient(ctx, undefined),
};

export const closesIdle: Strategy = {
  id: 'http2-closes-idle',
  label: `node:http2 session, closed after ${IDLE_CLOSE_MS} ms idle`,
  library: 'node:http2',
  intent: 'one-connection',
  configuration: `http2.connect(origin) once per origin; session.setTimeout(${IDLE_CLOSE_MS}, () => session.close())`,
  open: async (ctx) => sessionClient(ctx, IDLE_CLOSE_MS),
};
