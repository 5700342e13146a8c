/**
 * The server's own ledger, per connection: when it was accepted, how TLS ended (full,
 * resumed, failed, or none on a cleartext port), the ALPN, every request it carried with
 * its start and end (and the request body bytes it read), the peak of requests in flight on it, GOAWAYs sent and RST_STREAMs
 * seen. This is what an external client (curl, h2load, a Java or Go program) is judged
 * by: whatever the client reports about itself, the server saw every connection.
 *
 * Plain data (it crosses the IPC channel); times are epoch milliseconds with sub-ms
 * fractions, so the local server and nginx's `$msec` log share one clock.
 *
 * Bounded memory: a request record costs ~161 B, so at the ~17k requests/s the throughput
 * scenario reaches an hour-long case would hold ~10 GB. Past `requestRecords` requests in a
 * case (100,000 by default, ~16 MB) the ledger stops keeping records and folds every later
 * request into one summary (`summarised`: counters, per-window counts, an HDR histogram of
 * server-side durations) whose size does not depend on the number of requests. The
 * connection records stay (their counters are exact either way); the trace file is the
 * place for per-request events.
 */
import { LatencyRecorder } from '../stats/histogram.js';

/** Requests a case keeps as records before the ledger summarises the rest. */
export const DEFAULT_REQUEST_RECORDS = 100_000;
/** Windows a summary keeps at most: past that, neighbours merge and a window's span doubles. */
const MAX_WINDOWS = 512;
const FIRST_WINDOW_MS = 1000;
/** Failed requests whose idle time is kept (the same bound as the client's ledger). */
const MAX_IDLE_SAMPLES = 1000;

export type ServerTls = 'pending' | 'full' | 'resumed' | 'failed' | 'none' | 'unknown';

export interface ServerConnection {
  /** 1-based in order of acceptance (nginx: its `$connection` serial). */
  id: number;
  acceptedAt: number;
  /** When the TLS handshake finished. */
  secureAt?: number;
  closedAt?: number;
  /** When its latest response ended: `closedAt - lastEndAt` is how long it idled before it closed. */
  lastEndAt?: number;
  /**
   * Which side closed it first, as the server saw it: `peer` = the client's end of stream
   * (or a reset) came before the server ended its side; `server` = the server ended or
   * destroyed it first (an idle timeout, a GOAWAY, `Connection: close`, a reset, shutdown).
   * Absent while open.
   */
  closedBy?: 'peer' | 'server';
  /** The server port the client dialled: which origin it belongs to when the server listens on several (server-lifetime.ts). */
  localPort?: number;
  /**
   * `pending` while the handshake runs; `failed` = closed before TLS finished (e.g. no
   * client certificate); `unknown` = a connection nginx accepted but never logged.
   */
  tls: ServerTls;
  /** 'h2', 'http/1.1', 'none' (TLS without ALPN), 'h2c' or 'cleartext'; '' while unknown. */
  alpn: string;
  requests: number;
  peakInFlight: number;
  goawaysSent: number;
  /** Streams that ended with an RST_STREAM instead of a complete response. */
  resets: number;
  /** Accepted before the last reset, still open and carrying requests after it. */
  earlier?: true;
  /** Of `requests`, those past the ledger's record limit that failed (kept only as this count). */
  summarisedFailed?: number;
}

export interface ServerRequest {
  conn: number;
  /** 1 = the first request its connection carried. */
  onConn: number;
  path: string;
  start: number;
  end?: number;
  status?: number;
  /** Requests in flight on the connection when this one arrived, itself included. */
  concurrent: number;
  /** The response did not finish: the connection was reset under it, or the client went away. */
  incomplete?: true;
  /** Bytes of request body the server read (a POST of --request-bytes); absent when none came. */
  bodyBytes?: number;
}

/** Requests counted in one window of time (by arrival; outcomes by when they ended). */
export interface ServerWindow {
  start: number;
  arrived: number;
  ok: number;
  failed: number;
}

/** Every request past the record limit, as counts: what `requests` would have said. */
export interface ServerRequestSummary {
  /** Requests counted here and not in `requests` (they all arrived after the last record). */
  requests: number;
  ok: number;
  /** Failed requests by requestError() code; requests still in flight are `inFlight`, not here. */
  errors: Record<string, number>;
  inFlight: number;
  /** Failed requests that were not the first on their connection, by code, and their idle times (ms, at most 1000). */
  failuresOnReused: number;
  failuresOnReusedCodes: Record<string, number>;
  failuresOnReusedIdleMs: number[];
  /** Server-side durations (arrival to end of response) of the successful ones: LatencyRecorder.encode(). */
  durationsMs: string;
  /** Requests in flight on the whole server at once, at most (records included). */
  peakInFlight: number;
  firstStart: number;
  lastEnd: number;
  /** Consecutive windows of `windowMs` from the first summarised request's arrival. */
  windowMs: number;
  windows: ServerWindow[];
}

export interface ServerLedgerSnapshot {
  connections: ServerConnection[];
  requests: ServerRequest[];
  /** The SETTINGS_MAX_CONCURRENT_STREAMS this server announces; null when unlimited or unknown. */
  maxConcurrentStreams: number | null;
  /** Present once a case had more requests than the ledger keeps records of. */
  summarised?: ServerRequestSummary;
}

/** Why a request failed, from the server's side; undefined when it succeeded. */
export function requestError(r: Pick<ServerRequest, 'end' | 'status' | 'incomplete'>): string | undefined {
  if (r.end === undefined) return 'UNFINISHED';
  if (r.status === undefined) return 'RESET_BEFORE_RESPONSE';
  if (r.incomplete) return 'RESET_DURING_RESPONSE';
  return r.status >= 200 && r.status < 300 ? undefined : `HTTP_${r.status}`;
}

/** Every request the ledger saw, records and summarised ones. */
export const requestCount = (ledger: ServerLedgerSnapshot): number => ledger.requests.length + (ledger.summarised?.requests ?? 0);

export function emptyServerLedger(maxConcurrentStreams: number | null = null): ServerLedgerSnapshot {
  return { connections: [], requests: [], maxConcurrentStreams };
}

export const serverNow = (): number => performance.timeOrigin + performance.now();

/**
 * The live ledger inside the ping server. Connections are keyed by the client's address
 * and port: the raw socket ('connection'), its TLS socket ('secureConnection') and an
 * h2 session's socket proxy all report the same pair, and a loopback pair is unique
 * among open connections.
 */
interface OpenEntry {
  record: ServerConnection;
  inFlight: number;
  /** The case (clear() count) the record belongs to. */
  generation: number;
  /** When the connection's latest request ended (idle time of a later failure). */
  lastEnd?: number;
  /** The first side seen closing (ServerConnection.closedBy), set on the record when the socket closes. */
  closedBy?: 'peer' | 'server';
}

/**
 * Who closed first, from the order of the stream's own events (measured on Node 20 with
 * an h2 session and an HTTP/1.1 keep-alive socket over TLS): a client's close is 'end'
 * (its FIN) and then our 'finish'; a server's GOAWAY + close or `Connection: close` is
 * 'finish' first; a reset from the client is an 'error'. The raw TCP socket under TLS
 * emits none of these, only 'close'.
 */
interface ClosingSocket {
  once(event: 'end' | 'finish', listener: () => void): unknown;
  on(event: 'error', listener: () => void): unknown;
}

function watchCloser(socket: ClosingSocket, entry: OpenEntry): void {
  socket.once('end', () => (entry.closedBy ??= 'peer'));
  socket.on('error', () => (entry.closedBy ??= 'peer'));
  socket.once('finish', () => (entry.closedBy ??= 'server'));
}

/** The live side of a summary: the histogram stays a recorder until a snapshot encodes it. */
interface LiveSummary {
  data: ServerRequestSummary;
  durations: LatencyRecorder;
}

export class ServerLedger {
  private snapshotData: ServerLedgerSnapshot;
  private nextId = 1;
  private generation = 0;
  private inFlightAll = 0;
  private peakAll = 0;
  private summary: LiveSummary | undefined;
  private readonly open = new Map<string, OpenEntry>();

  /** `requestRecords`: requests a case keeps as records before summarising the rest. */
  constructor(
    private readonly maxConcurrentStreams: number | null,
    private readonly requestRecords = DEFAULT_REQUEST_RECORDS,
  ) {
    this.snapshotData = emptyServerLedger(maxConcurrentStreams);
  }

  accepted(socket: SocketLike, tls: boolean): void {
    const key = keyOf(socket);
    if (key === undefined) return;
    const record: ServerConnection = {
      id: this.nextId++,
      acceptedAt: serverNow(),
      tls: tls ? 'pending' : 'none',
      alpn: tls ? '' : 'cleartext',
      requests: 0,
      peakInFlight: 0,
      goawaysSent: 0,
      resets: 0,
    };
    if (socket.localPort !== undefined) record.localPort = socket.localPort;
    const entry: OpenEntry = { record, inFlight: 0, generation: this.generation };
    this.open.set(key, entry);
    this.snapshotData.connections.push(record);
    // A cleartext socket is the stream itself; a TLS connection's ends show on its TLS socket (secured()).
    if (!tls) watchCloser(socket, entry);
    socket.once('close', () => {
      entry.record.closedAt = serverNow();
      // Neither end of stream seen, nor a reset: the server destroyed it.
      entry.closedBy ??= 'server';
      entry.record.closedBy = entry.closedBy;
      if (entry.record.tls === 'pending') entry.record.tls = 'failed';
      if (this.open.get(key) === entry) this.open.delete(key);
    });
  }

  secured(socket: AddressLike & Partial<ClosingSocket>, resumed: boolean, alpn: string): void {
    const entry = this.entry(socket);
    if (!entry) return;
    if (socket.once !== undefined) watchCloser(socket as ClosingSocket, entry);
    entry.record.tls = resumed ? 'resumed' : 'full';
    entry.record.secureAt = serverNow();
    entry.record.alpn = alpn;
  }

  /** A cleartext connection's protocol, once known (h2c prior knowledge or HTTP/1.1). */
  protocol(socket: AddressLike, alpn: string): void {
    const entry = this.entry(socket);
    if (entry) entry.record.alpn = alpn;
  }

  /**
   * A request arrived; the returned function records its end (idempotent): its status
   * when headers went out, and whether the whole response did (`complete`, default true).
   */
  request(socket: AddressLike, path: string): (status: number | undefined, complete?: boolean, bodyBytes?: number) => void {
    const entry = this.entry(socket);
    if (!entry) return () => {};
    entry.inFlight++;
    this.inFlightAll++;
    this.peakAll = Math.max(this.peakAll, this.inFlightAll);
    const { record } = entry;
    record.requests++;
    record.peakInFlight = Math.max(record.peakInFlight, entry.inFlight);
    const start = serverNow();
    if (this.snapshotData.requests.length >= this.requestRecords) return this.summarisedRequest(entry, record, start);
    const request: ServerRequest = { conn: record.id, onConn: record.requests, path, start, concurrent: entry.inFlight };
    this.snapshotData.requests.push(request);
    let ended = false;
    return (status, complete = true, bodyBytes = 0) => {
      if (ended) return;
      ended = true;
      entry.inFlight--;
      this.inFlightAll--;
      request.end = serverNow();
      entry.lastEnd = request.end;
      entry.record.lastEndAt = request.end;
      if (status !== undefined) request.status = status;
      if (!complete) request.incomplete = true;
      if (bodyBytes > 0) request.bodyBytes = bodyBytes;
    };
  }

  /** A request past the record limit: counted in the summary, nothing kept per request. */
  private summarisedRequest(entry: OpenEntry, record: ServerConnection, start: number): (status: number | undefined, complete?: boolean) => void {
    const live = (this.summary ??= newSummary(start));
    const summary = live.data;
    summary.requests++;
    summary.inFlight++;
    windowAt(summary, start).arrived++;
    const onConn = record.requests;
    // Idle since the connection's previous response, as the client's ledger measures it.
    const idleMs = entry.inFlight > 1 ? 0 : Math.max(0, start - (entry.lastEnd ?? start));
    let ended = false;
    return (status, complete = true) => {
      if (ended) return;
      ended = true;
      entry.inFlight--;
      this.inFlightAll--;
      const end = serverNow();
      entry.lastEnd = end;
      entry.record.lastEndAt = end;
      summary.inFlight--;
      summary.lastEnd = Math.max(summary.lastEnd, end);
      const error = requestError({ end, status, ...(complete ? {} : { incomplete: true as const }) });
      if (error === undefined) {
        summary.ok++;
        windowAt(summary, end).ok++;
        live.durations.record(end - start);
        return;
      }
      windowAt(summary, end).failed++;
      summary.errors[error] = (summary.errors[error] ?? 0) + 1;
      record.summarisedFailed = (record.summarisedFailed ?? 0) + 1;
      if (onConn > 1) {
        summary.failuresOnReused++;
        summary.failuresOnReusedCodes[error] = (summary.failuresOnReusedCodes[error] ?? 0) + 1;
        if (summary.failuresOnReusedIdleMs.length < MAX_IDLE_SAMPLES) summary.failuresOnReusedIdleMs.push(Math.round(idleMs * 10) / 10);
      }
    };
  }

  goawaySent(socket: AddressLike): void {
    const entry = this.entry(socket);
    if (!entry) return;
    entry.record.goawaysSent++;
    entry.closedBy ??= 'server';
  }

  /**
   * The client sent an HTTP/2 GOAWAY: it is closing the session. Node's server session
   * answers a NO_ERROR GOAWAY by closing its own side, which can end the socket before
   * the client's FIN arrives (seen: 1 of 3 client closes counted as the server's).
   */
  goawayReceived(socket: AddressLike): void {
    const entry = this.entry(socket);
    if (entry) entry.closedBy ??= 'peer';
  }

  reset(socket: AddressLike): void {
    const entry = this.entry(socket);
    if (entry) entry.record.resets++;
  }

  snapshot(): ServerLedgerSnapshot {
    const copy = structuredClone(this.snapshotData);
    if (this.summary) {
      copy.summarised = { ...structuredClone(this.summary.data), durationsMs: this.summary.durations.encode(), peakInFlight: this.peakAll };
    }
    return copy;
  }

  /** Forget everything so far; connections still open reappear (marked `earlier`) when they carry a request. */
  clear(): void {
    this.snapshotData = emptyServerLedger(this.maxConcurrentStreams);
    this.summary = undefined;
    this.generation++;
    this.peakAll = this.inFlightAll;
    // Ids count from 1 again in every case; an earlier connection gets a new one when it reappears.
    this.nextId = 1;
  }

  private entry(socket: AddressLike): OpenEntry | undefined {
    const key = keyOf(socket);
    const entry = key === undefined ? undefined : this.open.get(key);
    if (entry && entry.generation !== this.generation) {
      // Carried over from before the last clear(): counted again, but not as opened now.
      const { summarisedFailed: _failed, lastEndAt: _lastEnd, ...rest } = entry.record;
      entry.record = { ...rest, id: this.nextId++, requests: 0, peakInFlight: entry.inFlight, goawaysSent: 0, resets: 0, earlier: true };
      entry.generation = this.generation;
      this.snapshotData.connections.push(entry.record);
    }
    return entry;
  }
}

function newSummary(start: number): LiveSummary {
  return {
    data: {
      requests: 0,
      ok: 0,
      errors: {},
      inFlight: 0,
      failuresOnReused: 0,
      failuresOnReusedCodes: {},
      failuresOnReusedIdleMs: [],
      durationsMs: '',
      peakInFlight: 0,
      firstStart: start,
      lastEnd: start,
      windowMs: FIRST_WINDOW_MS,
      windows: [],
    },
    durations: new LatencyRecorder(),
  };
}

/** The window `at` falls in, created (with the empty ones before it) when new; merges neighbours past MAX_WINDOWS. */
function windowAt(summary: ServerRequestSummary, at: number): ServerWindow {
  let index = Math.max(0, Math.floor((at - summary.firstStart) / summary.windowMs));
  while (index >= MAX_WINDOWS) {
    const merged: ServerWindow[] = [];
    for (let i = 0; i < summary.windows.length; i += 2) {
      const a = summary.windows[i]!;
      const b = summary.windows[i + 1];
      merged.push(b ? { start: a.start, arrived: a.arrived + b.arrived, ok: a.ok + b.ok, failed: a.failed + b.failed } : a);
    }
    summary.windows = merged;
    summary.windowMs *= 2;
    index = Math.floor((at - summary.firstStart) / summary.windowMs);
  }
  while (summary.windows.length <= index) {
    summary.windows.push({ start: summary.firstStart + summary.windows.length * summary.windowMs, arrived: 0, ok: 0, failed: 0 });
  }
  return summary.windows[index]!;
}

export interface AddressLike {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  /** The server's side: with several listening ports, the same client port can be in use towards two of them at once. */
  localPort?: number | undefined;
}

export interface SocketLike extends AddressLike, ClosingSocket {
  once(event: 'close' | 'end' | 'finish', listener: () => void): unknown;
}

function keyOf(socket: AddressLike): string | undefined {
  if (socket.remotePort === undefined) return undefined;
  return `${socket.remoteAddress ?? ''}:${socket.remotePort}>${socket.localPort ?? ''}`;
}
