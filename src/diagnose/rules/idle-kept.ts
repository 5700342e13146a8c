/**
 * Idle connections kept: in the lifetime scenario, connections still open at the end,
 * after idling at least the last (longest) gap, and closed by nobody: a client with no
 * idle timeout holds every connection it ever opened (nodejs/undici#5381: idle HTTP/2
 * sessions never closed, ~3,600 sockets after 17 hours). When what it holds is about
 * origins × concurrency connections, the pool grows with every origin it talks to
 * rather than being bounded. Counted by the server (CaseResult.lifetime), never by the
 * client: a client that says it closed a connection may not have.
 */
import { idleKeptFix } from '../fixes.js';
import { plural, verdict, type Rule } from '../types.js';

export const idleConnectionsKept: Rule = {
  id: 'idle-connections-kept',
  summary: 'lifetime: idle connections the client never closes, and pools that grow with the number of origins',
  needs: 'connection',
  check({ result, strategy }) {
    const life = result.lifetime;
    if (life === undefined) return verdict(this.id, 'ok', 'only the lifetime scenario idles long enough to tell');
    const lastGap = life.gapsMs.at(-1) ?? 0;
    const closed = life.closedByClient > 0 ? `; the client closed ${plural(life.closedByClient, 'idle connection')} itself` : '';
    if (life.openAtEnd === 0) {
      return verdict(this.id, 'ok', `no connection was still open after the last ${lastGap} ms gap${closed}`);
    }
    const idle = life.openAtEndMinIdleMs ?? lastGap;
    const perOrigin = life.origins > 1 ? ` (per origin: ${life.perOrigin.map((o) => o.openAtEnd).join(', ')})` : '';
    const bound = life.origins * result.concurrency;
    const grows = life.origins > 1 && life.openAtEnd >= bound;
    const head = `${plural(life.openAtEnd, 'connection')} still open at the end${perOrigin}, each idle ${Math.round(idle)} ms or more: the client closed none of them${closed ? ` (it closed ${plural(life.closedByClient, 'other')} earlier)` : ''}`;
    if (grows) {
      return verdict(
        this.id,
        'fail',
        `${head}; ${life.openAtEnd} ≥ ${life.origins} origins × ${result.concurrency} concurrent requests: the pool grows with every origin instead of being bounded`,
        idleKeptFix(strategy.library, idle, true),
      );
    }
    return verdict(this.id, 'warn', head, idleKeptFix(strategy.library, idle, false));
  },
};
