/** cold-burst fan-out: a one-connection strategy opened several connections on the cold round. */
import { fanOutFix } from '../fixes.js';
import { connectionsNeeded, originsOf, plural, verdict, type Rule } from '../types.js';
import { costClause } from '../cost-clause.js';

export const coldBurstFanOut: Rule = {
  id: 'cold-burst-fan-out',
  summary: 'a one-connection strategy opened more than one connection on the cold round',
  needs: 'success',
  check({ result, strategy, target }) {
    const { cold } = result.connections;
    const perOrigin = originsOf(result) > 1 ? ` to each of ${originsOf(result)} origins` : '';
    const burst = `${plural(result.concurrency, 'concurrent request')}${perOrigin} opened ${plural(cold.opened, 'connection')} on the cold round (${plural(cold.tlsFull, 'full TLS handshake')})`;
    switch (strategy.intent) {
      case 'one-connection': {
        const needed = connectionsNeeded(result);
        const limit = needed > originsOf(result) ? ` (the server allows ${result.connections.remoteMaxConcurrentStreams} streams per connection)` : '';
        const origins = originsOf(result) > 1 ? ` (one per origin)` : '';
        if (cold.opened <= needed) return verdict(this.id, 'ok', `${burst}${needed > 1 ? `; up to ${needed} are needed${limit || origins}` : ''}`);
        const extra = cold.opened - needed;
        const extraFull = Math.min(extra, cold.tlsFull);
        const cost = costClause(target, extraFull, Math.min(extra - extraFull, cold.tlsResumed));
        return verdict(this.id, 'fail', `${burst}; one-connection expects ${needed}${limit || origins}${cost}`, fanOutFix(strategy.library, result.concurrency, result.runtime?.packages));
      }
      case 'pool':
        if (cold.opened <= result.concurrency * originsOf(result)) return verdict(this.id, 'ok', `${burst}, at most one per request as a pool may`);
        return verdict(this.id, 'warn', `${burst}: more connections than requests in flight`, 'find what dials without a request waiting (a pre-connect, an ALPN probe)');
      case 'connection-per-request':
        return verdict(this.id, 'ok', `${burst}, one per request by design`);
    }
  },
};
