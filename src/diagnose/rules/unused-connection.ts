/** unused connection: a connection (and its handshake) that carried no request, e.g. an ALPN probe. */
import { unusedFix } from '../fixes.js';
import { plural, verdict, type Rule } from '../types.js';
import { costClause } from '../cost-clause.js';

export const unusedConnection: Rule = {
  id: 'unused-connection',
  summary: 'a connection carried no request (e.g. an ALPN probe)',
  needs: 'connection',
  check({ result, strategy, target }) {
    const { unused, opened } = result.connections;
    if (unused === 0) return verdict(this.id, 'ok', `every connection carried a request`);
    return verdict(
      this.id,
      'warn',
      `${unused} of ${plural(opened, 'connection')} carried no request: a TCP connect and TLS handshake spent for nothing${costClause(target, unused, 0)}`,
      unusedFix(strategy.library, result.runtime?.packages),
    );
  },
};
