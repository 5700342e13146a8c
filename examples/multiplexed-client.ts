/**
 * A client that keeps its HTTP/2 promise: one node:http2 session per origin, opened on
 * first use, every request a stream on it. It waits for the server's SETTINGS before the
 * first request, so a cold burst above the server's max concurrent streams is queued by
 * Node instead of refused, and it replaces the session when the server ends it (GOAWAY).
 *
 *   npx muxbench verify --strategy-file examples/multiplexed-client.ts  # exits 0
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import { checkStatus, tlsOptions, type Strategy } from 'muxbench';

const strategy: Strategy = {
  id: 'my-http2-client',
  label: 'our API client: one node:http2 session',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: "http2.connect(origin) once, await 'remoteSettings', session.request() per call",
  async open(ctx) {
    let session: http2.ClientHttp2Session | undefined;
    let ready: Promise<unknown> | undefined;
    const current = async (): Promise<http2.ClientHttp2Session> => {
      if (!session || session.closed || session.destroyed) {
        session = http2.connect(ctx.origin, tlsOptions(ctx.tls));
        session.on('error', () => {}); // errors reach the streams
        ready = once(session, 'remoteSettings');
      }
      const s = session;
      await ready;
      return s;
    };
    return {
      async ping(path, signal) {
        const s = await current();
        const stream = s.request({ ':method': 'GET', ':path': path }, { signal });
        const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
        stream.resume();
        await once(stream, 'end');
        checkStatus(Number(headers[':status']));
      },
      async close() {
        const s = session;
        if (!s || s.destroyed) return;
        if (s.closed) return void s.destroy(); // already closing after GOAWAY
        await new Promise<void>((resolve) => s.close(() => resolve()));
      },
    };
  },
};

export default strategy;
