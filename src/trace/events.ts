/**
 * The per-request trace in Go's net/http/httptrace vocabulary, one flat event per line
 * (NDJSON). Times `t` are milliseconds from the case's first event on the worker's
 * monotonic clock (performance.now()), so they never go backwards and events of one case
 * can be compared with each other (not across cases: each case is its own process).
 *
 * A connection's connectStart…tlsHandshakeDone belong to the request it was opened for,
 * which is the first request it carried, as in Go (the request that made the dial).
 * Connections that carried no request (an ALPN probe) appear with `request: null`.
 */
import type { CaseTrace, ConnectionTrace, RequestTrace } from './collector.js';
import { gotConnTime } from './usable.js';

interface Base {
  scenario: string;
  strategy: string;
  repetition: number;
  /** Request id (1-based over the case); null for a connection that carried none. */
  request: number | null;
  /** 0 = cold round; null for a connection that carried no request. */
  round: number | null;
  t: number;
}

export type TraceEvent = Base &
  (
    | { event: 'getConn'; path: string }
    | { event: 'connectStart'; conn: number }
    | { event: 'connectDone'; conn: number; error?: string }
    | { event: 'tlsHandshakeStart'; conn: number }
    | { event: 'tlsHandshakeDone'; conn: number; resumed: boolean; alpn: string }
    | { event: 'gotConn'; conn: number; reused: boolean; wasIdle: boolean; idleMs: number; concurrentStreams: number }
    | { event: 'wroteHeaders' }
    | { event: 'gotFirstResponseByte' }
    | { event: 'done' }
    | {
        event: 'error';
        code: string;
        /** What the error said, cut to a line (absent when the client's error is not seen: a client command). */
        message?: string;
        /** The server reset the stream with REFUSED_STREAM. */
        refused?: true;
      }
  );

export type TraceEventName = TraceEvent['event'];

/** Order of events with the same timestamp: the order they must happen in. */
export const EVENT_ORDER: readonly TraceEventName[] = [
  'getConn',
  'connectStart',
  'connectDone',
  'tlsHandshakeStart',
  'tlsHandshakeDone',
  'gotConn',
  'wroteHeaders',
  'gotFirstResponseByte',
  'done',
  'error',
];

export interface CaseId {
  scenario: string;
  strategy: string;
  repetition: number;
}

type Body = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, keyof Base> & { at: number } : never) : never;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The earliest time in the case: every `t` is measured from here. */
export function traceOrigin(trace: CaseTrace): number {
  return Math.min(...trace.requests.map((r) => r.start), ...trace.connections.map((c) => c.createdAt));
}

function dialEvents(c: ConnectionTrace): Body[] {
  const out: Body[] = [{ event: 'connectStart', conn: c.id, at: c.createdAt }];
  if (c.connectedAt !== undefined) out.push({ event: 'connectDone', conn: c.id, at: c.connectedAt });
  else if (c.error !== undefined) out.push({ event: 'connectDone', conn: c.id, error: c.error, at: c.closedAt ?? c.createdAt });
  if (c.transport === 'tls' && c.connectedAt !== undefined) {
    // TLS starts as soon as TCP is up: Node writes the ClientHello on 'connect'.
    out.push({ event: 'tlsHandshakeStart', conn: c.id, at: c.connectedAt });
    if (c.secureAt !== undefined) {
      out.push({ event: 'tlsHandshakeDone', conn: c.id, resumed: c.tls === 'resumed', alpn: c.alpn, at: c.secureAt });
    }
  }
  return out;
}

function requestEvents(r: RequestTrace, conn: ConnectionTrace | undefined): Body[] {
  const out: Body[] = [{ event: 'getConn', path: r.path, at: r.start }];
  const reused = r.requestOnConn !== undefined && r.requestOnConn > 1;
  // The dial belongs to this request when it was the connection's first and the dial
  // began after the request did (a connection opened in open() belongs to no request).
  if (conn && !reused && conn.createdAt >= r.start) out.push(...dialEvents(conn));
  const gotConnAt = conn ? gotConnTime(r, conn) : undefined;
  if (conn && gotConnAt !== undefined) {
    out.push({
      event: 'gotConn',
      conn: conn.id,
      reused,
      wasIdle: r.wasIdle ?? false,
      idleMs: round3(r.idleMs ?? 0),
      concurrentStreams: r.concurrent ?? 1,
      at: gotConnAt,
    });
  }
  const last = r.end ?? Math.max(r.start, r.firstByteAt ?? r.start);
  if (r.wroteHeadersAt !== undefined) {
    // A library may hand headers to a socket that is still connecting (node:http buffers
    // them): they leave no earlier than the handshake ends, nor after the answer started.
    const ready = conn?.secureAt ?? conn?.connectedAt ?? r.wroteHeadersAt;
    const wrote = Math.min(Math.max(r.wroteHeadersAt, ready, gotConnAt ?? r.start), r.firstByteAt ?? last, last);
    out.push({ event: 'wroteHeaders', at: wrote });
  }
  if (r.firstByteAt !== undefined) out.push({ event: 'gotFirstResponseByte', at: Math.min(r.firstByteAt, last) });
  if (r.end !== undefined) {
    out.push(
      r.error === undefined
        ? { event: 'done', at: r.end }
        : {
            event: 'error',
            code: r.error,
            ...(r.message !== undefined ? { message: r.message } : {}),
            ...(r.refused ? { refused: true as const } : {}),
            at: r.end,
          },
    );
  }
  return out;
}

function sortEvents<T extends { at: number; event: TraceEventName }>(events: T[]): T[] {
  return events.sort((a, b) => a.at - b.at || EVENT_ORDER.indexOf(a.event) - EVENT_ORDER.indexOf(b.event));
}

/** Every event of one case: each request's events in order, requests in id order, then unused connections. */
export function traceEvents(trace: CaseTrace, id: CaseId): TraceEvent[] {
  const origin = traceOrigin(trace);
  const conns = new Map(trace.connections.map((c) => [c.id, c]));
  const finish = (body: Body, request: number | null, round: number | null): TraceEvent => {
    const { at, ...rest } = body;
    return { ...id, request, round, t: round3(at - origin), ...rest } as TraceEvent;
  };
  const out: TraceEvent[] = [];
  for (const r of trace.requests) {
    const conn = r.conn !== undefined ? conns.get(r.conn) : undefined;
    for (const body of sortEvents(requestEvents(r, conn))) out.push(finish(body, r.id, r.round));
  }
  for (const c of trace.connections) {
    if (c.requests > 0) continue;
    for (const body of sortEvents(dialEvents(c))) out.push(finish(body, null, null));
  }
  return out;
}

export function toNdjson(events: readonly TraceEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}
