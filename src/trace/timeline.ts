/**
 * The readable timeline of one case, for `muxbench trace`: per round, the connections
 * that round opened (dial, TCP, TLS) and every request (when it asked for a connection,
 * which one it got and whether it had to wait for someone else's handshake, headers out,
 * first byte, done). Times are ms from the round's first request.
 */
import type { CaseTrace, ConnectionTrace, RequestTrace } from './collector.js';
import { untaggedPath } from '../ledger/request-tag.js';
import { gotConnTime } from './usable.js';

const ms = (x: number): string => (Math.abs(x) < 10 ? x.toFixed(2) : Math.abs(x) < 100 ? x.toFixed(1) : x.toFixed(0));

function connectionLine(c: ConnectionTrace, t0: number, firstRequest: number | undefined): string {
  const parts = [`dial ${ms(c.createdAt - t0)}`];
  if (c.connectedAt !== undefined) parts.push(`tcp up ${ms(c.connectedAt - t0)}`);
  if (c.secureAt !== undefined) parts.push(`TLS ${c.tls} ${c.alpn === 'none' ? 'no ALPN' : c.alpn} ${ms(c.secureAt - t0)}`);
  else if (c.transport === 'tcp' && c.connectedAt !== undefined) parts.push(c.alpn);
  if (c.error !== undefined) parts.push(`failed ${c.error}`);
  const use =
    c.requests === 0
      ? 'carried no request'
      : `${firstRequest !== undefined ? `opened for req ${firstRequest}, ` : ''}carried ${c.requests} request${c.requests === 1 ? '' : 's'} in the case, peak ${c.peakInFlight} in flight`;
  return `conn #${c.id}  ${parts.join(' → ')}  (${use})`;
}

function requestLine(r: RequestTrace, conns: Map<number, ConnectionTrace>, t0: number, pad: number): string {
  const head = `req ${String(r.id).padEnd(pad)} ${untaggedPath(r.path).padEnd(11)}`;
  const parts = [`getConn ${ms(r.start - t0)}`];
  const conn = r.conn !== undefined ? conns.get(r.conn) : undefined;
  const gotConnAt = conn ? gotConnTime(r, conn) : undefined;
  if (conn && gotConnAt !== undefined) {
    const how =
      r.requestOnConn === 1
        ? 'new'
        : `reused${r.wasIdle ? `, idle ${ms(r.idleMs ?? 0)} ms` : ''}${(r.concurrent ?? 1) > 1 ? `, ${r.concurrent} in flight` : ''}`;
    parts.push(`conn #${conn.id} ${how} ${ms(gotConnAt - t0)}`);
    const ready = conn.secureAt ?? conn.connectedAt;
    if (r.requestOnConn !== 1 && ready !== undefined && ready > r.start) {
      parts.push(`waited ${ms(ready - r.start)} ms for #${conn.id}'s handshake`);
    }
  } else {
    parts.push('connection unknown');
  }
  if (r.wroteHeadersAt !== undefined) {
    const ready = conn?.secureAt ?? conn?.connectedAt ?? r.wroteHeadersAt;
    parts.push(`headers ${ms(Math.max(r.wroteHeadersAt, ready) - t0)}`);
  }
  if (r.firstByteAt !== undefined) parts.push(`first byte ${ms(r.firstByteAt - t0)}`);
  if (r.end !== undefined) parts.push(r.error === undefined ? `done ${ms(r.end - t0)}` : `ERROR ${r.error}${r.refused ? ' (REFUSED_STREAM)' : ''} ${ms(r.end - t0)}`);
  return `${head} ${parts.join(' · ')}`;
}

/** Lines for the first `rounds` rounds of the case (0 = cold). */
export function renderTimeline(trace: CaseTrace, rounds = 2): string[] {
  const conns = new Map(trace.connections.map((c) => [c.id, c]));
  const firstRequestOf = new Map<number, number>();
  for (const r of trace.requests) if (r.conn !== undefined && r.requestOnConn === 1) firstRequestOf.set(r.conn, r.id);
  const pad = String(trace.requests.length).length;
  const lines: string[] = [];
  const shownConns = new Set<number>();
  const lastRound = Math.max(-1, ...trace.requests.map((r) => r.round));
  for (let round = 0; round < Math.min(rounds, lastRound + 1); round++) {
    const requests = trace.requests.filter((r) => r.round === round);
    if (requests.length === 0) continue;
    const t0 = Math.min(...requests.map((r) => r.start));
    const t1 = Math.max(...requests.map((r) => r.end ?? r.start));
    lines.push(`round ${round} (${round === 0 ? 'cold' : 'warm'}), ms from the round's first request`);
    // Connections dialled during this round (round 0 also shows any opened before it).
    const opened = trace.connections.filter((c) => !shownConns.has(c.id) && (round === 0 ? c.createdAt <= t1 : c.createdAt >= t0 && c.createdAt <= t1));
    for (const c of opened) {
      shownConns.add(c.id);
      lines.push(`  ${connectionLine(c, t0, firstRequestOf.get(c.id))}`);
    }
    for (const r of requests) lines.push(`  ${requestLine(r, conns, t0, pad)}`);
  }
  const later = trace.connections.filter((c) => !shownConns.has(c.id)).length;
  if (later > 0) lines.push(`(${later} more connection${later === 1 ? '' : 's'} opened in later rounds)`);
  return lines;
}
