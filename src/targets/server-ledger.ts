/**
 * The server's own ledger, per connection: when it was accepted, how TLS ended (full,
 * resumed, failed, or none on a cleartext port), the ALPN, every request it carried with
 * its start and end (and the request body bytes it read), the peak of requests in flight on it, GOAWAYs sent and RST_STREAMs
 * seen. This is what an external client (curl, h2load, a Java or Go program) is judged
 * by: whatever the client reports about itself, the server saw every connection.
 *
 * Plain data (it crosses the IPC channel); times are epoch milliseconds with sub-ms
 * fractions, so the local server and nginx's `$msec` log share one clock.
 */

export type ServerTls = 'pending' | 'full' | 'resumed' | 'failed' | 'none' | 'unknown';

export interface ServerConnection {
  /** 1-based in order of acceptance (nginx: its `$connection` serial). */
  id: number;
  acceptedAt: number;
  /** When the TLS handshake finished. */
  secureAt?: number;
  closedAt?: number;
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

export interface ServerLedgerSnapshot {
  connections: ServerConnection[];
  requests: ServerRequest[];
  /** The SETTINGS_MAX_CONCURRENT_STREAMS this server announces; null when unlimited or unknown. */
  maxConcurrentStreams: number | null;
}

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
export class ServerLedger {
  private snapshotData: ServerLedgerSnapshot;
  private nextId = 1;
  private readonly open = new Map<string, { record: ServerConnection; inFlight: number }>();

  constructor(private readonly maxConcurrentStreams: number | null) {
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
    const entry = { record, inFlight: 0 };
    this.open.set(key, entry);
    this.snapshotData.connections.push(record);
    socket.once('close', () => {
      entry.record.closedAt = serverNow();
      if (entry.record.tls === 'pending') entry.record.tls = 'failed';
      if (this.open.get(key) === entry) this.open.delete(key);
    });
  }

  secured(socket: AddressLike, resumed: boolean, alpn: string): void {
    const entry = this.entry(socket);
    if (!entry) return;
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
    const { record } = entry;
    record.requests++;
    record.peakInFlight = Math.max(record.peakInFlight, entry.inFlight);
    const request: ServerRequest = { conn: record.id, onConn: record.requests, path, start: serverNow(), concurrent: entry.inFlight };
    this.snapshotData.requests.push(request);
    let ended = false;
    return (status, complete = true, bodyBytes = 0) => {
      if (ended) return;
      ended = true;
      entry.inFlight--;
      request.end = serverNow();
      if (status !== undefined) request.status = status;
      if (!complete) request.incomplete = true;
      if (bodyBytes > 0) request.bodyBytes = bodyBytes;
    };
  }

  goawaySent(socket: AddressLike): void {
    const entry = this.entry(socket);
    if (entry) entry.record.goawaysSent++;
  }

  reset(socket: AddressLike): void {
    const entry = this.entry(socket);
    if (entry) entry.record.resets++;
  }

  snapshot(): ServerLedgerSnapshot {
    return structuredClone(this.snapshotData);
  }

  /** Forget everything so far; connections still open reappear (marked `earlier`) when they carry a request. */
  clear(): void {
    this.snapshotData = emptyServerLedger(this.maxConcurrentStreams);
    // Ids count from 1 again in every case; an earlier connection gets a new one when it reappears.
    this.nextId = 1;
  }

  private entry(socket: AddressLike): { record: ServerConnection; inFlight: number } | undefined {
    const key = keyOf(socket);
    const entry = key === undefined ? undefined : this.open.get(key);
    if (entry && !this.snapshotData.connections.includes(entry.record)) {
      // Carried over from before the last clear(): counted again, but not as opened now.
      entry.record = { ...entry.record, id: this.nextId++, requests: 0, peakInFlight: entry.inFlight, goawaysSent: 0, resets: 0, earlier: true };
      this.snapshotData.connections.push(entry.record);
    }
    return entry;
  }
}

export interface AddressLike {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
}

export interface SocketLike extends AddressLike {
  once(event: 'close', listener: () => void): unknown;
}

function keyOf(socket: AddressLike): string | undefined {
  if (socket.remotePort === undefined) return undefined;
  return `${socket.remoteAddress ?? ''}:${socket.remotePort}`;
}
