/**
 * --server-keepalive-timeout: a connection with nothing in flight for that long is closed,
 * as nginx's keepalive_timeout does: an HTTP/2 session gets a GOAWAY (NO_ERROR, last
 * stream = the highest it opened) and closes; an HTTP/1.1 socket is closed without warning
 * (no `Keep-Alive: timeout` hint unless --server-keepalive-max asks for the header). A
 * client that sends on the connection as it closes loses that request: the keep-alive race.
 */
import http2 from 'node:http2';
import type { Behaviour } from './types.js';

export const keepAliveTimeout: Behaviour = {
  flag: 'server-keepalive-timeout',
  enabled: (opts) => opts.keepAliveTimeoutMs !== undefined,
  start({ opts, tally, timers }) {
    const ms = opts.keepAliveTimeoutMs ?? 0;
    // One timer per idle connection.
    const idleTimers = new WeakMap<object, NodeJS.Timeout>();
    return {
      request({ conn }) {
        const idle = idleTimers.get(conn);
        if (idle) {
          clearTimeout(idle);
          idleTimers.delete(conn);
        }
        return undefined;
      },
      idle(conn, session, socket) {
        const previous = idleTimers.get(conn);
        if (previous) clearTimeout(previous);
        const timer = setTimeout(() => {
          timers.delete(timer);
          idleTimers.delete(conn);
          if (tally.inFlightOn(conn) > 0) return;
          if (session) {
            if (session.closed || session.destroyed) return;
            session.goaway(http2.constants.NGHTTP2_NO_ERROR, tally.highestStream(session));
            tally.goawaySent(session.socket);
            session.close();
          } else {
            socket?.destroy();
          }
        }, ms);
        timers.add(timer);
        idleTimers.set(conn, timer);
      },
    };
  },
};
