/**
 * The lifetime scenario's figures, from the server's ledger alone: which connections were
 * open when, which the client closed after idling (and after how long), which the server
 * closed, and which were still open at the end, in total and per origin. The client's
 * own view is not used: a client that says it closed a connection may still hold it.
 *
 * The marks (when the bursts ran and when the last gap ended) come from the worker, on
 * the same clock as the ledger's times (epoch ms from performance.timeOrigin; both
 * processes run on this machine).
 */
import type { LifetimeResult } from '../results.js';
import type { ServerConnection, ServerLedgerSnapshot } from './server-ledger.js';

/** When the bursts ran and when the case ended (epoch ms, the server ledger's clock). */
export interface LifetimeMarks {
  bursts: Array<{ startAt: number; endAt: number }>;
  endAt: number;
}

/** Idle times kept per case (the count is exact either way); a merge of several hosts keeps as many. */
export const MAX_IDLE_SAMPLES = 1000;

const round1 = (ms: number): number => Math.round(ms * 10) / 10;

/** Open at `t`: accepted by then and not closed yet. */
const openAt = (c: ServerConnection, t: number): boolean => c.acceptedAt <= t && (c.closedAt === undefined || c.closedAt > t);

/** Since when the connection idled: its last response, or (never used) its handshake or accept. */
const idleSince = (c: ServerConnection): number => c.lastEndAt ?? c.secureAt ?? c.acceptedAt;

/** Most connections open at once up to `until`, from accept and close times. */
function peakOpen(connections: readonly ServerConnection[], until: number): number {
  const events: Array<[number, number]> = [];
  for (const c of connections) {
    if (c.acceptedAt > until) continue;
    events.push([c.acceptedAt, 1]);
    if (c.closedAt !== undefined && c.closedAt <= until) events.push([c.closedAt, -1]);
  }
  // A close and an accept at the same instant: the close first, so they do not add up.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of events) {
    open += delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

interface Tally {
  opened: number;
  closedByClient: number;
  closedByServer: number;
  openAtEnd: number;
}

function tally(connections: readonly ServerConnection[], endAt: number): Tally {
  const t: Tally = { opened: connections.length, closedByClient: 0, closedByServer: 0, openAtEnd: 0 };
  for (const c of connections) {
    if (openAt(c, endAt)) t.openAtEnd++;
    else if (c.closedAt !== undefined && c.closedAt <= endAt) {
      if (c.closedBy === 'peer') t.closedByClient++;
      else t.closedByServer++;
    }
  }
  return t;
}

/**
 * `originPorts`: the server ports of the origins the case used, in order; a connection
 * is counted for the origin whose port it was accepted on.
 */
export function lifetimeFromLedger(ledger: ServerLedgerSnapshot, marks: LifetimeMarks, originPorts: readonly number[], gapsMs: readonly number[]): LifetimeResult {
  const t0 = marks.bursts[0]?.startAt ?? marks.endAt;
  const { endAt } = marks;
  // Connections from this case (a connection of an earlier case that reappeared is not the client's doing here).
  const connections = ledger.connections.filter((c) => c.earlier !== true && c.acceptedAt <= endAt);
  const at = (t: number, label: string): { atMs: number; open: number; label: string } => ({
    atMs: round1(t - t0),
    open: connections.filter((c) => openAt(c, t)).length,
    label,
  });
  const openOverTime = marks.bursts.flatMap((b, i) => [at(b.startAt, `burst ${i + 1} start`), at(b.endAt, `burst ${i + 1} end`)]);
  openOverTime.push(at(endAt, 'end'));

  const total = tally(connections, endAt);
  const idleClosed = connections
    .filter((c) => c.closedBy === 'peer' && c.closedAt !== undefined && c.closedAt <= endAt)
    .map((c) => round1(c.closedAt! - idleSince(c)))
    .slice(0, MAX_IDLE_SAMPLES);
  const stillOpen = connections.filter((c) => openAt(c, endAt)).map((c) => endAt - idleSince(c));
  return {
    origins: originPorts.length,
    gapsMs: [...gapsMs],
    opened: total.opened,
    openOverTime,
    peakOpen: peakOpen(connections, endAt),
    closedByClient: total.closedByClient,
    closedByClientIdleMs: idleClosed,
    closedByServer: total.closedByServer,
    openAtEnd: total.openAtEnd,
    openAtEndMinIdleMs: stillOpen.length > 0 ? round1(Math.min(...stillOpen)) : null,
    perOrigin: originPorts.map((port, origin) => {
      const mine = connections.filter((c) => c.localPort === port);
      return { origin, ...tally(mine, endAt), peakOpen: peakOpen(mine, endAt) };
    }),
  };
}
