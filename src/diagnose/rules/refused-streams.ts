/**
 * refused streams: the server reset streams with REFUSED_STREAM, which it does to
 * streams above its SETTINGS_MAX_CONCURRENT_STREAMS; a client that sends a cold burst
 * before the server's SETTINGS arrive assumes 100 (Node) or more, and loses the rest.
 */
import { refusedFix } from '../fixes.js';
import { plural, verdict, type Rule } from '../types.js';

export const refusedStreams: Rule = {
  id: 'refused-streams',
  summary: "requests refused (REFUSED_STREAM) above the server's SETTINGS_MAX_CONCURRENT_STREAMS",
  needs: 'connection',
  check({ result, strategy }) {
    const refused = result.connections.refusedStreams ?? 0;
    const limit = result.connections.remoteMaxConcurrentStreams ?? null;
    // Node's server announces 2^32-1 when unlimited.
    const limitText =
      limit === null
        ? ''
        : limit >= 2 ** 31
          ? `the server sets no practical stream limit (SETTINGS_MAX_CONCURRENT_STREAMS ${limit})`
          : `the server allows ${plural(limit, 'concurrent stream')} per connection (SETTINGS_MAX_CONCURRENT_STREAMS)`;
    if (refused === 0) return verdict(this.id, 'ok', `no stream was refused${limitText ? `; ${limitText}` : ''}`);
    const failed = result.requests.failed;
    if ((result.connections.goaways ?? 0) > 0 && (limit === null || limit >= result.concurrency)) {
      // Streams a client opens after the server's GOAWAY, above its last-stream-id, are
      // refused (RFC 9113 §6.8): the GOAWAY race, not a stream limit (measured: idle-burst
      // with --server-keepalive-timeout, 20 refused for http2-single-session).
      return verdict(
        this.id,
        failed > 0 ? 'fail' : 'warn',
        `${plural(refused, 'stream')} refused with REFUSED_STREAM (${plural(failed, 'request')} failed in all) on connections the server had sent GOAWAY on: streams above its last-stream-id are refused, not over a stream limit`,
        'open new streams on a new connection once a session got GOAWAY (the goaway event), and retry refused ones: REFUSED_STREAM is always safe to retry (RFC 9113 §8.7); see reconnect-on-goaway',
      );
    }
    if ((limit ?? 0) >= result.concurrency) {
      // The limit was never reached: the server refused streams for its own reasons.
      return verdict(
        this.id,
        'fail',
        `${plural(refused, 'stream')} refused with REFUSED_STREAM (${plural(failed, 'request')} failed in all) although the server's limit (${limit}) is above the concurrency (${result.concurrency})`,
        'the server is shedding streams on its own, not enforcing SETTINGS_MAX_CONCURRENT_STREAMS: look for its protection firing (see the reconnect-on-goaway verdict: an error GOAWAY usually follows), e.g. HTTP/2 rapid-reset limits tripped by a client that resets every stream; REFUSED_STREAM is always safe to retry (RFC 9113 §8.7)',
      );
    }
    return verdict(
      this.id,
      'fail',
      `${plural(refused, 'stream')} refused with REFUSED_STREAM (${plural(failed, 'request')} failed in all) at concurrency ${result.concurrency}${limitText ? `: ${limitText}` : ''}`,
      refusedFix(strategy.library, limit),
    );
  },
};
