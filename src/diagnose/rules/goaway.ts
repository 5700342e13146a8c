/**
 * reconnect on GOAWAY: the server ended connections during the run (graceful GOAWAY);
 * say what replacing them cost, and fail when requests were lost instead of retried.
 */
import { goawayFix } from '../fixes.js';
import { plural, verdict, type Rule } from '../types.js';

export const reconnectOnGoaway: Rule = {
  id: 'reconnect-on-goaway',
  summary: 'the server sent GOAWAY: connections were replaced during the run, and what that cost',
  check({ result, strategy }) {
    const c = result.connections;
    const goaways = c.goaways ?? 0;
    if (goaways === 0) return verdict(this.id, 'ok', 'the server sent no GOAWAY');
    const lost = Object.entries(result.requests.errors)
      .filter(([code]) => /GOAWAY/i.test(code))
      .reduce((sum, [, n]) => sum + n, 0);
    const perConnection = Math.max(1, Math.round(result.requests.total / Math.max(1, c.opened)));
    const cost = `the server sent GOAWAY on ${plural(goaways, 'connection')}; the client opened ${plural(c.opened, 'connection')} in all (${plural(c.tlsFull, 'full TLS handshake')}, ${c.tlsResumed} resumed), one per ~${perConnection} requests`;
    if (strategy.intent === 'connection-per-request') return verdict(this.id, 'ok', cost);
    if (lost > 0) {
      return verdict(
        this.id,
        'fail',
        `${cost}; ${plural(lost, 'request')} failed with GOAWAY instead of going to a new connection`,
        'open a new connection when a session is closing (the goaway event, or session.closed) instead of sending on it; retry requests above the GOAWAY last-stream-id',
      );
    }
    return verdict(this.id, 'warn', cost, goawayFix(perConnection));
  },
};
