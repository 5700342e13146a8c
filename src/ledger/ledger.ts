/**
 * The connection ledger: the client-side truth for one case. It is told about every
 * socket the client library creates (see tap.ts) and every request (stream) put on one,
 * and counts connections, TLS handshakes, ALPN, requests and peak streams per connection.
 * It works against any server, because nothing here asks the server.
 */
import type { ConnectionCounts } from '../results.js';

export type Phase = 'cold' | 'warm';
export type TlsState = 'none' | 'pending' | 'full' | 'resumed' | 'failed';

export interface ConnectionRecord {
  id: number;
  /** performance.now() when the library asked for the socket. */
  createdAt: number;
  /** When TCP connected; undefined if it never did (refused, aborted). */
  connectedAt?: number;
  /** When the TLS handshake finished. */
  secureAt?: number;
  closedAt?: number;
  /** The round phase in which the connection was asked for. */
  phase: Phase;
  transport: 'tls' | 'tcp';
  tls: TlsState;
  /** Negotiated ALPN: 'h2', 'http/1.1', 'none' (TLS without ALPN), 'cleartext', or 'h2c' (prior knowledge). */
  alpn: string;
  requests: number;
  inFlight: number;
  peakInFlight: number;
  /** When the connection last went from busy to idle (no request in flight). */
  idleSince?: number;
  /** When the server's GOAWAY arrived on this connection (HTTP/2 only). */
  goawayAt?: number;
  /** Its HTTP/2 error code: 0 = NO_ERROR (a graceful limit), anything else = the server closed on an error. */
  goawayCode?: number;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS on this connection, once its SETTINGS arrived. */
  remoteMaxConcurrentStreams?: number;
}

/**
 * What the ledger keeps of one request while it is in flight, and hands to its
 * request-done listeners (the phase recorder) when it ends: one object per request, the
 * only per-request allocation of the ledger when no trace listens (docs/overhead.md).
 */
export interface RequestInFlight {
  id: number;
  /** 0 = the cold round. */
  round: number;
  start: number;
  end?: number;
  error?: string;
  /** The connection it was last put on (a library that retries puts it on a second one). */
  record?: ConnectionRecord;
  /** 1 = the first request that connection carried (it was new). */
  requestOnConn?: number;
  /** The connection had carried requests before. */
  reused: boolean;
  /** How long that connection had been idle when the request went on it (0 = it was busy). */
  idleMs: number;
  firstByteAt?: number;
}

/** Every change the ledger sees, as a tagged union: the raw material of traces. */
export type LedgerEvent =
  | { type: 'connect-start'; at: number; conn: number; transport: 'tls' | 'tcp' }
  | { type: 'connect-done'; at: number; conn: number }
  | { type: 'tls-done'; at: number; conn: number; resumed: boolean; alpn: string }
  | { type: 'connect-error'; at: number; conn: number; code: string }
  | {
      type: 'stream-open';
      at: number;
      conn: number;
      concurrent: number;
      requestOnConn: number;
      /** The workload's request id (see request-tag.ts), when the tap could read it. */
      request?: number;
      /** The connection had carried requests before and none was in flight. */
      wasIdle: boolean;
      idleMs: number;
    }
  | { type: 'stream-close'; at: number; conn: number; request?: number }
  | { type: 'stream-refused'; at: number; conn: number; request?: number }
  | { type: 'goaway'; at: number; conn: number; code: number }
  | { type: 'remote-settings'; at: number; conn: number; maxConcurrentStreams: number }
  | { type: 'closed'; at: number; conn: number }
  // Per request, from the workload (start/end) and the tap (headers out, first byte in).
  | { type: 'request-start'; at: number; request: number; round: number; path: string }
  | { type: 'wrote-headers'; at: number; request: number }
  | { type: 'first-byte'; at: number; request: number }
  | { type: 'request-end'; at: number; request: number; error?: string; message?: string };

export interface LedgerSummary extends ConnectionCounts {
  maxConcurrentStreams: number;
  requestsPerConnection: number[];
  unused: number;
  cold: ConnectionCounts;
  warm: ConnectionCounts;
  /** GOAWAY frames received (HTTP/2). */
  goaways: number;
  /** GOAWAYs by error code name (NO_ERROR, INTERNAL_ERROR, ENHANCE_YOUR_CALM, ...). */
  goawayCodes: Record<string, number>;
  /** Streams the server reset with REFUSED_STREAM. */
  refusedStreams: number;
  /** Lowest SETTINGS_MAX_CONCURRENT_STREAMS any server connection announced; null when none did. */
  remoteMaxConcurrentStreams: number | null;
  /**
   * Failed requests whose connection had received a GOAWAY before they failed (or, for a
   * request that never reached a connection, that failed after any GOAWAY of the case),
   * whatever their error code.
   */
  failuresAfterGoaway: number;
  /** Failed requests that were sent on a connection which had carried requests before (those after a GOAWAY excepted). */
  failuresOnReused: number;
  /** Those failures by error code. */
  failuresOnReusedCodes: Record<string, number>;
  /** How long each such connection had been idle when the failing request went on it (ms, 0 = it was busy); at most 1000 entries. */
  failuresOnReusedIdleMs: number[];
}

/** The idle times kept per case: enough for a verdict, bounded for a long open-loop run. */
const MAX_IDLE_SAMPLES = 1000;

export class ConnectionLedger {
  phase: Phase = 'cold';
  readonly connections: ConnectionRecord[] = [];
  private readonly bySocket = new WeakMap<object, ConnectionRecord>();
  private readonly listeners: Array<(event: LedgerEvent) => void> = [];
  private readonly now: () => number;
  private refused = 0;
  // Every request in flight, by id: where it went (the attribution of failures) and its
  // first byte (the phase breakdown). One map for both, filled without events.
  private readonly inFlight = new Map<number, RequestInFlight>();
  private readonly doneListeners: Array<(request: RequestInFlight) => void> = [];
  private failuresAfterGoaway = 0;
  private failuresOnReused = 0;
  private readonly failuresOnReusedCodes: Record<string, number> = {};
  private readonly failuresOnReusedIdleMs: number[] = [];

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  /** Every event, as it happens (the trace collector, tests). Events cost an object each: with no listener none is made. */
  onEvent(listener: (event: LedgerEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Every request the workload started, once it ended (with `end`, and `error` when it failed). */
  onRequestDone(listener: (request: RequestInFlight) => void): void {
    this.doneListeners.push(listener);
  }

  /** Whether anyone listens to events: the hot path skips building them (and their clock reads) otherwise. */
  get listening(): boolean {
    return this.listeners.length > 0;
  }

  private emit(event: LedgerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** The record of a socket the ledger already knows, if any. */
  recordOf(socket: object): ConnectionRecord | undefined {
    return this.bySocket.get(socket);
  }

  /** Another handle (a TLS socket layered on a tracked TCP socket) for the same connection. */
  alias(socket: object, record: ConnectionRecord): void {
    this.bySocket.set(socket, record);
  }

  /** Register a socket the moment the library creates it. Idempotent. */
  track(socket: object, transport: 'tls' | 'tcp'): ConnectionRecord {
    const known = this.bySocket.get(socket);
    if (known) return known;
    const record: ConnectionRecord = {
      id: this.connections.length + 1,
      createdAt: this.now(),
      phase: this.phase,
      transport,
      tls: transport === 'tls' ? 'pending' : 'none',
      alpn: transport === 'tls' ? 'none' : 'cleartext',
      requests: 0,
      inFlight: 0,
      peakInFlight: 0,
    };
    this.connections.push(record);
    this.bySocket.set(socket, record);
    this.emit({ type: 'connect-start', at: record.createdAt, conn: record.id, transport });
    return record;
  }

  connected(record: ConnectionRecord): void {
    if (record.connectedAt !== undefined) return;
    record.connectedAt = this.now();
    this.emit({ type: 'connect-done', at: record.connectedAt, conn: record.id });
  }

  secured(record: ConnectionRecord, resumed: boolean, alpn: string | false | null | undefined): void {
    if (record.secureAt !== undefined) return;
    // A TLS socket can report 'secureConnect' without a separate TCP 'connect' we saw.
    this.connected(record);
    record.secureAt = this.now();
    record.transport = 'tls';
    record.tls = resumed ? 'resumed' : 'full';
    record.alpn = typeof alpn === 'string' && alpn.length > 0 ? alpn : 'none';
    this.emit({ type: 'tls-done', at: record.secureAt, conn: record.id, resumed, alpn: record.alpn });
  }

  failed(record: ConnectionRecord, code: string): void {
    if (record.tls === 'pending') record.tls = 'failed';
    // Under TLS 1.3 the client finishes its side of the handshake before the server has
    // checked the client's certificate: a server that rejects it answers with an alert
    // after 'secureConnect' (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED). The server
    // never completed that handshake, and the connection carried nothing: not a handshake.
    else if (record.requests === 0 && TLS_ALERT.test(code)) record.tls = 'failed';
    this.emit({ type: 'connect-error', at: this.now(), conn: record.id, code });
  }

  /** Mark a cleartext connection as speaking HTTP/2 with prior knowledge. */
  markH2c(record: ConnectionRecord): void {
    if (record.transport === 'tcp') record.alpn = 'h2c';
  }

  closed(record: ConnectionRecord): void {
    if (record.closedAt !== undefined) return;
    record.closedAt = this.now();
    this.emit({ type: 'closed', at: record.closedAt, conn: record.id });
  }

  /**
   * A request was put on the connection. Returns the function that takes it off (idempotent).
   * `request` is the workload's request id when the tap could read it from the path.
   */
  streamOpened(record: ConnectionRecord, request?: number): () => void {
    const stream = this.openStream(record, request);
    return () => stream.close();
  }

  /**
   * streamOpened as one object rather than a closure: what the HTTP/2 tap keeps on every
   * stream (docs/overhead.md: one allocation per stream instead of three).
   */
  openStream(record: ConnectionRecord, request?: number): OpenStream {
    const at = this.now();
    const wasIdle = record.requests > 0 && record.inFlight === 0;
    const idleMs = wasIdle && record.idleSince !== undefined ? at - record.idleSince : 0;
    record.requests += 1;
    record.inFlight += 1;
    record.peakInFlight = Math.max(record.peakInFlight, record.inFlight);
    const requestOnConn = record.requests;
    if (request !== undefined) {
      // A tagged stream the workload did not announce (a caller driving the ledger by hand) still gets its placement.
      let state = this.inFlight.get(request);
      if (state === undefined) {
        state = { id: request, round: 0, start: at, reused: false, idleMs: 0 };
        this.inFlight.set(request, state);
      }
      state.record = record;
      state.requestOnConn = requestOnConn;
      state.reused = requestOnConn > 1;
      state.idleMs = idleMs;
    }
    // Two literals rather than a conditional spread: the spread made a throwaway object.
    if (this.listening) {
      const conn = record.id;
      const concurrent = record.inFlight;
      this.emit(
        request !== undefined
          ? { type: 'stream-open', at, conn, concurrent, requestOnConn, request, wasIdle, idleMs }
          : { type: 'stream-open', at, conn, concurrent, requestOnConn, wasIdle, idleMs },
      );
    }
    return new OpenStream(this, record, request);
  }

  /** OpenStream.close: the stream is off its connection. */
  streamClosed(record: ConnectionRecord, request: number | undefined): void {
    record.inFlight -= 1;
    // The clock only when something needs it: the idle start, or a listener's event.
    if (record.inFlight === 0 || this.listening) {
      const closedAt = this.now();
      if (record.inFlight === 0) record.idleSince = closedAt;
      const conn = record.id;
      if (this.listening) this.emit(request !== undefined ? { type: 'stream-close', at: closedAt, conn, request } : { type: 'stream-close', at: closedAt, conn });
    }
  }

  /** The server reset a stream with REFUSED_STREAM: the request never reached it. */
  streamRefused(record: ConnectionRecord, request?: number): void {
    this.refused += 1;
    this.emit({ type: 'stream-refused', at: this.now(), conn: record.id, ...(request !== undefined ? { request } : {}) });
  }

  goaway(record: ConnectionRecord, code: number): void {
    if (record.goawayAt !== undefined) return;
    record.goawayAt = this.now();
    record.goawayCode = code;
    this.emit({ type: 'goaway', at: record.goawayAt, conn: record.id, code });
  }

  remoteSettings(record: ConnectionRecord, maxConcurrentStreams: number | undefined): void {
    if (maxConcurrentStreams === undefined || record.remoteMaxConcurrentStreams !== undefined) return;
    record.remoteMaxConcurrentStreams = maxConcurrentStreams;
    this.emit({ type: 'remote-settings', at: this.now(), conn: record.id, maxConcurrentStreams });
  }

  /** The workload started request `request` (the library has not been called yet). */
  requestStarted(request: number, round: number, path: string): void {
    const at = this.now();
    this.inFlight.set(request, { id: request, round, start: at, reused: false, idleMs: 0 });
    if (this.listening) this.emit({ type: 'request-start', at, request, round, path });
  }

  /** The request's promise settled: `error` is its error code, undefined when it succeeded; `message` what it said (for traces). */
  requestEnded(request: number, error?: string, message?: string): void {
    const at = this.now();
    const state = this.inFlight.get(request);
    this.inFlight.delete(request);
    if (error !== undefined) {
      const placed = state?.record;
      const afterGoaway = placed
        ? placed.goawayAt !== undefined && placed.goawayAt <= at
        : this.connections.some((c) => c.goawayAt !== undefined && c.goawayAt <= at);
      if (afterGoaway) this.failuresAfterGoaway += 1;
      // A failure after a GOAWAY is the GOAWAY's, not the reused connection's.
      else if (placed && state.reused) {
        this.failuresOnReused += 1;
        this.failuresOnReusedCodes[error] = (this.failuresOnReusedCodes[error] ?? 0) + 1;
        if (this.failuresOnReusedIdleMs.length < MAX_IDLE_SAMPLES) this.failuresOnReusedIdleMs.push(Math.round(state.idleMs * 10) / 10);
      }
    }
    if (state !== undefined) {
      state.end = at;
      if (error !== undefined) state.error = error;
      for (const listener of this.doneListeners) listener(state);
    }
    if (this.listening) {
      this.emit(
        error === undefined
          ? { type: 'request-end', at, request }
          : message === undefined
            ? { type: 'request-end', at, request, error }
            : { type: 'request-end', at, request, error, message },
      );
    }
  }

  /** The library handed the request's headers to the connection (an event for traces only). */
  wroteHeaders(request: number | undefined): void {
    if (request !== undefined && this.listening) this.emit({ type: 'wrote-headers', at: this.now(), request });
  }

  /** The response's status line / HEADERS frame arrived. */
  firstByte(request: number | undefined): void {
    if (request === undefined) return;
    const at = this.now();
    const state = this.inFlight.get(request);
    if (state !== undefined && state.firstByteAt === undefined) state.firstByteAt = at;
    if (this.listening) this.emit({ type: 'first-byte', at, request });
  }

  summary(): LedgerSummary {
    const established = this.connections.filter((c) => c.connectedAt !== undefined);
    return {
      ...countsOf(established),
      maxConcurrentStreams: Math.max(0, ...established.map((c) => c.peakInFlight)),
      requestsPerConnection: established.map((c) => c.requests),
      unused: established.filter((c) => c.requests === 0).length,
      cold: countsOf(established.filter((c) => c.phase === 'cold')),
      warm: countsOf(established.filter((c) => c.phase === 'warm')),
      goaways: this.connections.filter((c) => c.goawayAt !== undefined).length,
      goawayCodes: tally(this.connections.flatMap((c) => (c.goawayCode === undefined ? [] : [http2ErrorName(c.goawayCode)]))),
      refusedStreams: this.refused,
      remoteMaxConcurrentStreams: minOf(this.connections.map((c) => c.remoteMaxConcurrentStreams)),
      failuresAfterGoaway: this.failuresAfterGoaway,
      failuresOnReused: this.failuresOnReused,
      failuresOnReusedCodes: { ...this.failuresOnReusedCodes },
      failuresOnReusedIdleMs: [...this.failuresOnReusedIdleMs],
    };
  }
}

/** A request on its connection until close() (idempotent) takes it off. */
export class OpenStream {
  private open = true;

  constructor(
    readonly ledger: ConnectionLedger,
    readonly record: ConnectionRecord,
    readonly request: number | undefined,
  ) {}

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.ledger.streamClosed(this.record, this.request);
  }
}

/** An alert the peer sent during or right after the handshake, as OpenSSL names it. */
const TLS_ALERT = /^ERR_SSL_(?:TLSV13|TLSV1|SSLV3)_ALERT_/;

function countsOf(connections: ConnectionRecord[]): ConnectionCounts {
  const alpn: Record<string, number> = {};
  // A failed handshake negotiated nothing: no protocol to count (the server counts none).
  for (const c of connections) if (c.tls !== 'failed') alpn[c.alpn] = (alpn[c.alpn] ?? 0) + 1;
  return {
    opened: connections.length,
    tlsFull: connections.filter((c) => c.tls === 'full').length,
    tlsResumed: connections.filter((c) => c.tls === 'resumed').length,
    alpn,
  };
}

function minOf(values: Array<number | undefined>): number | null {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.min(...known) : null;
}

/** RFC 9113 §7 error code names, by code (the ledger's tallies, --server-goaway-error). */
export const HTTP2_ERROR_NAMES: readonly string[] = [
  'NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED',
  'FRAME_SIZE_ERROR', 'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED',
];

export function http2ErrorName(code: number): string {
  return HTTP2_ERROR_NAMES[code] ?? `0x${code.toString(16)}`;
}

function tally(names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) out[name] = (out[name] ?? 0) + 1;
  return out;
}
