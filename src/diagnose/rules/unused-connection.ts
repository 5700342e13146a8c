/** unused connection: a connection (and its handshake) that carried no request, e.g. an ALPN probe. */
import { unusedFix } from '../fixes.js';
import { plural, verdict, type Rule } from '../types.js';

export const unusedConnection: Rule = {
  id: 'unused-connection',
  summary: 'a connection carried no request (e.g. an ALPN probe)',
  needs: 'connection',
  check({ result, strategy }) {
    const { unused, opened } = result.connections;
    if (unused === 0) return verdict(this.id, 'ok', `every connection carried a request`);
    return verdict(
      this.id,
      'warn',
      `${unused} of ${plural(opened, 'connection')} carried no request: a TCP connect and TLS handshake spent for nothing`,
      unusedFix(strategy.library, result.runtime?.packages),
    );
  },
};
