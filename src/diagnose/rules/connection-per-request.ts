/**
 * connection per request: warm rounds keep opening connections. Replacements for
 * connections the server ended with GOAWAY are the goaway rule's business, not this one's.
 */
import { warmConnectionsFix } from '../fixes.js';
import { connectionsNeeded, plural, verdict, type Rule } from '../types.js';
import { costClause } from '../cost-clause.js';

export const connectionPerRequest: Rule = {
  id: 'connection-per-request',
  summary: 'new connections keep being opened after the cold round',
  needs: 'success',
  check({ result, strategy, target }) {
    const warm = result.connections.warm.opened;
    const goaways = result.connections.goaways ?? 0;
    // A client held below the concurrency by the server's stream limit may still be
    // opening the connections it needs; those are not per-request connections.
    const stillNeeded = strategy.intent === 'one-connection' ? Math.max(0, connectionsNeeded(result) - result.connections.cold.opened) : 0;
    const unexplained = warm - goaways - stillNeeded;
    const warmRequests = Math.max(0, result.requests.total - result.concurrency);
    const what = `warm rounds opened ${plural(warm, 'new connection')} for ${plural(warmRequests, 'request')}${goaways > 0 ? ` (the server sent ${plural(goaways, 'GOAWAY')})` : ''}`;
    if (unexplained <= 0 || strategy.intent === 'connection-per-request') return verdict(this.id, 'ok', what);
    // The server was told to end connections (--server-close-after and the like): new
    // warm connections are what it asked for, not the client's doing.
    if (target.serverCloses !== undefined) return verdict(this.id, 'ok', `${what}; the server closes connections on purpose (${target.serverCloses})`);
    const severity = strategy.intent === 'one-connection' ? 'fail' : 'warn';
    const cost = costClause(target, result.connections.warm.tlsFull, result.connections.warm.tlsResumed);
    return verdict(this.id, severity, `${what}, ${plural(result.connections.warm.tlsFull, 'full TLS handshake')} and ${result.connections.warm.tlsResumed} resumed${cost}`, warmConnectionsFix(strategy.library, strategy.intent, result.concurrency));
  },
};
