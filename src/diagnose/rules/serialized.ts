/**
 * serialized multiplexing: HTTP/2 is negotiated, but the client never puts more than one
 * stream in flight on a connection while the workload has several requests at once.
 */
import { serializedFix } from '../fixes.js';
import { h2Connections, plural, usedConnections, verdict, type Rule } from '../types.js';

export const serializedMultiplexing: Rule = {
  id: 'serialized-multiplexing',
  summary: 'HTTP/2 negotiated but never more than one stream in flight while concurrency > 1',
  needs: 'success',
  check({ result, strategy }) {
    const c = result.connections;
    const used = usedConnections(result);
    const peak = c.maxConcurrentStreams;
    const what = `peak ${plural(peak, 'stream')} in flight on one connection at concurrency ${result.concurrency}`;
    const applies = strategy.intent === 'one-connection' && c.opened > 0 && h2Connections(c.alpn) === c.opened;
    // With as many connections as requests, one stream each is fan-out, not serialization.
    // That also leaves concurrency 1 alone: a peak of 1 means a connection was used.
    if (!applies || peak !== 1 || used >= result.concurrency) return verdict(this.id, 'ok', what);
    const total = c.requestsPerConnection.reduce((a, b) => a + b, 0);
    const message = `${plural(used, 'h2 connection')} carried ${plural(total, 'request')} but never more than 1 stream at a time, at concurrency ${result.concurrency}: requests waited in line instead of multiplexing`;
    if (c.remoteMaxConcurrentStreams === 1) {
      return verdict(this.id, 'warn', `${message}; the server allows only 1 concurrent stream (SETTINGS_MAX_CONCURRENT_STREAMS 1)`, 'raise the server\'s max concurrent streams');
    }
    return verdict(this.id, 'fail', message, serializedFix(strategy.library, result.concurrency));
  },
};
