/**
 * keep-alive race: requests that failed with a reset ("ECONNRESET", undici's "other side
 * closed" UND_ERR_SOCKET, EPIPE) on a connection that had carried requests before and sat
 * idle about as long as the server keeps idle connections. The server closed the
 * connection as the client sent on it: a client whose idle timeout is not below the
 * server's keeps reusing connections the server is closing (nodejs/node#52649,
 * nodejs/undici#3141). Measured with idle-burst and --server-keepalive-timeout 300:
 * https-keepalive lost 7 of 140 requests with ECONNRESET.
 */
import { keepAliveRaceFix } from '../fixes.js';
import { countList, plural, verdict, type Rule } from '../types.js';

/** What a request gets when the peer closed the socket it was written to. */
export const RACE_CODES: readonly string[] = ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'];

/** A connection idle for at least this share of the server's timeout is "near" it (the race is at T; past T the server has closed). */
const NEAR = 0.9;

export const keepAliveRace: Rule = {
  id: 'keepalive-race',
  summary: "requests reset on a reused connection that sat idle near the server's keep-alive timeout",
  needs: 'connection',
  check({ result, strategy, target }) {
    const c = result.connections;
    const codes = Object.entries(c.failuresOnReusedCodes ?? {}).filter(([code]) => RACE_CODES.includes(code));
    const raced = codes.reduce((sum, [, n]) => sum + n, 0);
    if (raced === 0) return verdict(this.id, 'ok', 'no request was reset on a reused connection');
    const idle = (c.failuresOnReusedIdleMs ?? []).filter((ms) => ms > 0);
    const byCode = countList(codes);
    const lo = idle.length > 0 ? Math.min(...idle) : 0;
    const hi = idle.length > 0 ? Math.max(...idle) : 0;
    const range = idle.length === 0 ? 'while busy' : lo === hi ? `after idling ${fmtMs(lo)}` : `after idling ${fmtMs(lo).replace(' ms', '')}–${fmtMs(hi)}`;
    const t = target.keepAliveTimeoutMs;
    const head = `${plural(raced, 'request')} failed (${byCode}) on reused connections ${range}`;
    if (t === null) {
      return verdict(this.id, 'warn', `${head}, but the server closes no idle connection: not the keep-alive race; something else reset them`);
    }
    if (t === undefined) {
      // Nobody knows the server's idle timeout: say what was seen, and what to check.
      return verdict(this.id, 'warn', `${head}: if the server closes idle connections after about that long, this is the keep-alive race`, keepAliveRaceFix(strategy.library, undefined));
    }
    const near = idle.filter((ms) => ms >= NEAR * t).length;
    if (near === 0) {
      return verdict(this.id, 'warn', `${head}, none near the server's keep-alive timeout (${t} ms): not the keep-alive race; look at what else closes connections`);
    }
    return verdict(
      this.id,
      'fail',
      `${head}; the server closes connections idle ${t} ms: ${plural(near, 'request')} went out on a connection as the server was closing it (the keep-alive race)`,
      keepAliveRaceFix(strategy.library, t),
    );
  },
};

function fmtMs(ms: number): string {
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
