/**
 * The ping server's one tally. Every event (a connection accepted, its TLS handshake, a
 * request and its end, a GOAWAY, a reset stream) is recorded here once, into both views
 * the rest of muxbench reads: the case's counters (`ServerCounts`, the totals checked
 * against every client) and its ledger (server-ledger.ts, per connection and request).
 * Per connection (h2: the session, h1: the socket) it also keeps the requests in flight
 * and carried so far, which the behaviours (behaviours/) act on.
 *
 * The counters are kept beside the ledger rather than derived from it: past its record
 * limit the ledger summarises requests without their body bytes.
 */
import type http2 from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { ServerCounts } from '../results.js';
import { ServerLedger, type AddressLike, type ServerLedgerSnapshot, type SocketLike } from './server-ledger.js';

export function emptyServerCounts(): ServerCounts {
  return { accepted: 0, tlsFull: 0, tlsResumed: 0, requestsByProtocol: {}, alpn: {}, maxConcurrentStreams: 0 };
}

/** A request as the tally saw it arrive; `end` records its end once (idempotent) and returns what is still in flight on its connection. */
export interface TalliedRequest {
  /** Requests its connection has carried, this one included. */
  onConn: number;
  end(status: number | undefined, complete: boolean, bodyBytes: number): number;
}

export class ServerTally {
  // Swapped by clear(); the per-connection maps are not, so a request that spans a
  // reset still leaves its connection's in-flight count right.
  private counts = emptyServerCounts();
  private readonly ledger: ServerLedger;
  private readonly inFlight = new WeakMap<object, number>();
  private readonly carried = new WeakMap<object, number>();
  /** Per h2 session: the highest stream id seen (a GOAWAY's last stream id). */
  private readonly maxStreamId = new WeakMap<http2.Http2Session, number>();

  constructor(maxConcurrentStreams: number | null, requestRecords?: number) {
    this.ledger = new ServerLedger(maxConcurrentStreams, requestRecords);
  }

  accepted(socket: SocketLike, tls: boolean): void {
    this.counts.accepted++;
    this.ledger.accepted(socket, tls);
  }

  secured(tlsSocket: TLSSocket): void {
    // isSessionReused() is the only reliable signal under TLS 1.3 ('resumeSession' is
    // not emitted for ticket-based resumption).
    const resumed = tlsSocket.isSessionReused();
    if (resumed) this.counts.tlsResumed++;
    else this.counts.tlsFull++;
    const alpn = tlsSocket.alpnProtocol || 'none';
    this.countAlpn(alpn);
    this.ledger.secured(tlsSocket, resumed, alpn);
  }

  /** A cleartext connection's protocol, once known (h2c prior knowledge or HTTP/1.1). */
  protocol(socket: AddressLike, protocol: string): void {
    this.countAlpn(protocol);
    this.ledger.protocol(socket, protocol);
  }

  /**
   * A request arrived on `conn` (the h2 session, or the h1 socket), from `peer` (the
   * connection's socket), as the `streamId`-th stream of `session` for HTTP/2.
   */
  request(conn: object, peer: AddressLike, path: string, protocol: 'h2' | 'http/1.1', session?: http2.Http2Session, streamId?: number): TalliedRequest {
    this.counts.requestsByProtocol[protocol] = (this.counts.requestsByProtocol[protocol] ?? 0) + 1;
    const ended = this.ledger.request(peer, path);
    const now = (this.inFlight.get(conn) ?? 0) + 1;
    this.inFlight.set(conn, now);
    const onConn = (this.carried.get(conn) ?? 0) + 1;
    this.carried.set(conn, onConn);
    if (session) this.maxStreamId.set(session, Math.max(this.maxStreamId.get(session) ?? 0, streamId ?? 0));
    if (now > this.counts.maxConcurrentStreams) this.counts.maxConcurrentStreams = now;
    let left: number | undefined;
    return {
      onConn,
      end: (status, complete, bodyBytes) => {
        if (left !== undefined) return left;
        ended(status, complete, bodyBytes);
        left = (this.inFlight.get(conn) ?? 1) - 1;
        this.inFlight.set(conn, left);
        return left;
      },
    };
  }

  /** Request body bytes as they are read. */
  bodyBytes(bytes: number): void {
    this.counts.requestBodyBytes = (this.counts.requestBodyBytes ?? 0) + bytes;
  }

  inFlightOn(conn: object): number {
    return this.inFlight.get(conn) ?? 0;
  }

  /** The highest stream id `session` has opened so far (0 before any). */
  highestStream(session: http2.Http2Session): number {
    return this.maxStreamId.get(session) ?? 0;
  }

  goawaySent(socket: AddressLike): void {
    this.ledger.goawaySent(socket);
  }

  /** The client sent a GOAWAY: it closes the connection first (ServerConnection.closedBy). */
  goawayReceived(socket: AddressLike): void {
    this.ledger.goawayReceived(socket);
  }

  /** A stream that ended with RST_STREAM rather than a complete response. */
  streamReset(address: AddressLike): void {
    this.ledger.reset(address);
  }

  /** A copy of the counters since the last clear. */
  counters(): ServerCounts {
    return structuredClone(this.counts);
  }

  snapshot(): ServerLedgerSnapshot {
    return this.ledger.snapshot();
  }

  clear(): void {
    this.counts = emptyServerCounts();
    this.ledger.clear();
  }

  private countAlpn(alpn: string): void {
    this.counts.alpn[alpn] = (this.counts.alpn[alpn] ?? 0) + 1;
  }
}
