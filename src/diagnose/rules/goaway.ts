/**
 * reconnect on GOAWAY: the server ended connections during the run; say what replacing
 * them cost, and fail when requests were lost instead of retried. A GOAWAY with an error
 * code (not NO_ERROR) is not a limit being reached but the server closing on an error.
 *
 * Lost = every failure that followed a GOAWAY on its connection (the ledger's per-connection
 * attribution), whatever its code: undici reports a request caught by a GOAWAY as
 * UND_ERR_INFO, UND_ERR_SOCKET or a timeout, not as anything named GOAWAY. Files without
 * that attribution fall back to the codes that name it.
 */
import { goawayErrorFix, goawayFix } from '../fixes.js';
import { countList, plural, verdict, type Rule } from '../types.js';

export const reconnectOnGoaway: Rule = {
  id: 'reconnect-on-goaway',
  summary: 'the server sent GOAWAY: connections were replaced during the run, and what that cost',
  needs: 'connection',
  check({ result, strategy }) {
    const c = result.connections;
    const goaways = c.goaways ?? 0;
    if (goaways === 0) return verdict(this.id, 'ok', 'the server sent no GOAWAY');
    const codes = c.goawayCodes ?? {};
    const errorCodes = Object.entries(codes).filter(([name]) => name !== 'NO_ERROR');
    const named = Object.entries(result.requests.errors)
      .filter(([code]) => /GOAWAY|SESSION_ERROR/i.test(code))
      .reduce((sum, [, n]) => sum + n, 0);
    const lost = Math.max(named, c.failuresAfterGoaway ?? 0);
    const codesText = lost > 0 ? ` (${errorList(result.requests.errors)})` : '';
    const perConnection = Math.max(1, Math.round(result.requests.total / Math.max(1, c.opened)));
    const cost = `the server sent GOAWAY on ${plural(goaways, 'connection')}; the client opened ${plural(c.opened, 'connection')} in all (${plural(c.tlsFull, 'full TLS handshake')}, ${c.tlsResumed} resumed), one per ~${perConnection} requests`;
    if (errorCodes.length > 0) {
      const byCode = countList(errorCodes);
      return verdict(
        this.id,
        lost > 0 ? 'fail' : 'warn',
        `the server closed ${plural(errorCodes.reduce((sum, [, n]) => sum + n, 0), 'connection')} with an error GOAWAY (${byCode}), not a graceful limit; ${plural(lost, 'request')} failed with it${codesText}; the client opened ${plural(c.opened, 'connection')} in all`,
        goawayErrorFix(strategy.library),
      );
    }
    if (strategy.intent === 'connection-per-request') return verdict(this.id, 'ok', cost);
    if (lost > 0) {
      return verdict(
        this.id,
        'fail',
        `${cost}; ${plural(lost, 'request')} failed after the GOAWAY${codesText} instead of going to a new connection`,
        'open a new connection when a session is closing (the goaway event, or session.closed) instead of sending on it; retry requests above the GOAWAY last-stream-id',
      );
    }
    return verdict(this.id, 'warn', cost, goawayFix(perConnection));
  },
};

/** "UND_ERR_INFO ×3, ECONNRESET ×1": the case's failures by code, most first. */
function errorList(errors: Record<string, number>): string {
  return countList(Object.entries(errors).sort((a, b) => b[1] - a[1]));
}
