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
}

/** Every change the ledger sees, as a tagged union: the raw material of traces. */
export type LedgerEvent =
  | { type: 'connect-start'; at: number; conn: number; transport: 'tls' | 'tcp' }
  | { type: 'connect-done'; at: number; conn: number }
  | { type: 'tls-done'; at: number; conn: number; resumed: boolean; alpn: string }
  | { type: 'connect-error'; at: number; conn: number; code: string }
  | { type: 'stream-open'; at: number; conn: number; concurrent: number; requestOnConn: number }
  | { type: 'stream-close'; at: number; conn: number }
  | { type: 'closed'; at: number; conn: number };

export interface LedgerSummary extends ConnectionCounts {
  maxConcurrentStreams: number;
  requestsPerConnection: number[];
  unused: number;
  cold: ConnectionCounts;
  warm: ConnectionCounts;
}

export class ConnectionLedger {
  phase: Phase = 'cold';
  readonly connections: ConnectionRecord[] = [];
  private readonly bySocket = new WeakMap<object, ConnectionRecord>();
  private readonly listeners: Array<(event: LedgerEvent) => void> = [];
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  onEvent(listener: (event: LedgerEvent) => void): void {
    this.listeners.push(listener);
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

  /** A request was put on the connection. Returns the function that takes it off (idempotent). */
  streamOpened(record: ConnectionRecord): () => void {
    record.requests += 1;
    record.inFlight += 1;
    record.peakInFlight = Math.max(record.peakInFlight, record.inFlight);
    this.emit({
      type: 'stream-open',
      at: this.now(),
      conn: record.id,
      concurrent: record.inFlight,
      requestOnConn: record.requests,
    });
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      record.inFlight -= 1;
      this.emit({ type: 'stream-close', at: this.now(), conn: record.id });
    };
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
    };
  }
}

function countsOf(connections: ConnectionRecord[]): ConnectionCounts {
  const alpn: Record<string, number> = {};
  for (const c of connections) alpn[c.alpn] = (alpn[c.alpn] ?? 0) + 1;
  return {
    opened: connections.length,
    tlsFull: connections.filter((c) => c.tls === 'full').length,
    tlsResumed: connections.filter((c) => c.tls === 'resumed').length,
    alpn,
  };
}
