/**
 * --server-goaway-after K (and --server-goaway-error): after the K-th request of an HTTP/2
 * session, one GOAWAY (NO_ERROR unless an error code was given), then the session closes
 * once its accepted streams are done, as nginx does after keepalive_requests.
 */
import http2 from 'node:http2';
import type { Behaviour } from './types.js';

export const goawayAfter: Behaviour = {
  flag: 'server-goaway-after',
  enabled: (opts) => opts.goawayAfterRequests !== undefined,
  start({ opts, tally }) {
    const k = opts.goawayAfterRequests ?? 0;
    return {
      /**
       * lastStreamID is the highest stream this session has opened so far, not the K-th
       * request's own id: concurrent streams with a higher id may already be in flight, and
       * nghttp2 closes any stream above lastStreamID when the GOAWAY is sent. Only streams
       * opened after the GOAWAY are refused, which is what a well-behaved client must retry.
       */
      request({ session, onConn }) {
        // Exactly once: a second GOAWAY must not raise lastStreamID, and after the first one
        // the session only carries streams it had already accepted.
        if (!session || onConn !== k || session.closed || session.destroyed) return undefined;
        // HEADERS of concurrent streams that came in the same read are processed right
        // after this handler returns; wait for them so their ids are counted. (Measured:
        // lastStreamID = this stream's id cancelled 2 of 3 concurrent requests.)
        setImmediate(() => {
          if (session.closed || session.destroyed) return;
          session.goaway(opts.goawayErrorCode ?? http2.constants.NGHTTP2_NO_ERROR, tally.highestStream(session));
          tally.goawaySent(session.socket);
          // Close the connection once the accepted streams are done, even if the client never does.
          session.close();
        });
        return undefined;
      },
    };
  },
};
