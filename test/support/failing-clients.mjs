/**
 * Test-only strategy file: clients whose requests fail with messages no library would
 * print, so a test can find each message in every report.
 *
 * - throws-every-request: every ping throws synchronously, before any socket, as axios
 *   does with `baseURL: ctx.origin` (ctx.origin is a URL object, and axios calls
 *   `baseURL.slice`): `TypeError: baseURL.slice is not a function` on every request.
 * - fails-some-requests: one node:http2 session that multiplexes, except that every
 *   fourth request is rejected before it is sent.
 *
 * Plain JavaScript (no TypeScript loader in the worker) and no muxbench import, as a user's file may be.
 */
import { once } from 'node:events';
import http2 from 'node:http2';

/** The messages the tests look for. */
export const THROWN_MESSAGE = 'planted-5d1c: baseURL.slice is not a function';
export const REJECTED_MESSAGE = 'planted-9e4b: every fourth request is refused by the client';

export const throwsEveryRequest = {
  id: 'throws-every-request',
  label: 'a client whose every request throws a TypeError',
  library: 'test',
  intent: 'one-connection',
  configuration: 'ping() throws before any socket',
  async open() {
    return {
      ping() {
        throw new TypeError(THROWN_MESSAGE);
      },
      async close() {},
    };
  },
};

export const failsSomeRequests = {
  id: 'fails-some-requests',
  label: 'one node:http2 session; every fourth request rejected before it is sent',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: "http2.connect(origin) once, await 'remoteSettings'; request n rejected when n % 4 === 0",
  async open(ctx) {
    const { ca, cert, key, servername } = ctx.tls;
    const session = http2.connect(ctx.origin, { ca, ...(cert !== undefined ? { cert, key } : {}), ...(servername !== undefined ? { servername } : {}) });
    session.on('error', () => {});
    const ready = once(session, 'remoteSettings');
    let n = 0;
    return {
      async ping(path, signal) {
        n += 1;
        if (n % 4 === 0) throw new Error(REJECTED_MESSAGE);
        await ready;
        const stream = session.request({ ':method': 'GET', ':path': path }, { signal });
        const [headers] = await once(stream, 'response');
        stream.resume();
        await once(stream, 'end');
        if (headers[':status'] !== 200) throw new Error(`status ${headers[':status']}`);
      },
      close: () => new Promise((resolve) => session.close(() => resolve())),
    };
  },
};
