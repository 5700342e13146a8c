/** downgrade: the origin speaks h2 but connections negotiated HTTP/1.1 or no ALPN at all. */
import { downgradeFix } from '../fixes.js';
import { h2Connections, plural, verdict, type Rule } from '../types.js';

export const downgrade: Rule = {
  id: 'downgrade',
  summary: 'the origin speaks h2 but the client negotiated HTTP/1.1 (or sent no ALPN)',
  needs: 'connection',
  check({ result, strategy, target }) {
    const c = result.connections;
    const other = c.opened - h2Connections(c.alpn);
    // No connection at all is no downgrade either: opened 0 leaves other 0.
    if (other === 0) return verdict(this.id, 'ok', c.opened === 0 ? 'no connection was opened' : c.opened === 1 ? 'the connection negotiated h2' : `all ${c.opened} connections negotiated h2`);
    if (target.speaksH2 !== true) {
      return verdict(this.id, 'ok', target.speaksH2 === false ? 'the origin does not offer h2' : 'unknown whether the origin offers h2');
    }
    const noAlpn = c.alpn.none ?? 0;
    const what = `the origin speaks h2, but ${other} of ${plural(c.opened, 'connection')} negotiated HTTP/1.1${noAlpn > 0 ? ` (${noAlpn} sent no ALPN at all)` : ''}`;
    if (strategy.intent !== 'one-connection') return verdict(this.id, 'ok', `${what}, as a ${strategy.intent} strategy may`);
    return verdict(this.id, 'fail', `${what}: an HTTP/1.1 connection carries one request at a time, so it cannot multiplex`, downgradeFix(strategy.library, result.concurrency));
  },
};
