/**
 * Collects, per request, what the ledger's event stream says happened to it: when the
 * workload started it, which connection it landed on (and whether that connection was
 * new, reused or idle), when its headers went out, when the first response byte came,
 * and how it ended. Cheap enough to run in every case (a few numbers per request); the
 * phase breakdown of every run is computed from it, the full trace only on request.
 */
import type { ConnectionLedger, ConnectionRecord, LedgerEvent } from '../ledger/ledger.js';
import { MAX_MESSAGE_CHARS, truncate } from '../stats/error-details.js';

export interface RequestTrace {
  id: number;
  /** 0 = the cold round. */
  round: number;
  path: string;
  start: number;
  end?: number;
  /** Error code when the request failed. */
  error?: string;
  /** What the error said (its message, cut to a line). */
  message?: string;
  conn?: number;
  /** 1 = the first request the connection carried (it was new). */
  requestOnConn?: number;
  gotConnAt?: number;
  /** Requests in flight on the connection, this one included. */
  concurrent?: number;
  wasIdle?: boolean;
  idleMs?: number;
  wroteHeadersAt?: number;
  firstByteAt?: number;
  refused?: boolean;
}

export interface ConnectionTrace {
  id: number;
  createdAt: number;
  connectedAt?: number;
  secureAt?: number;
  closedAt?: number;
  goawayAt?: number;
  transport: 'tls' | 'tcp';
  tls: ConnectionRecord['tls'];
  alpn: string;
  requests: number;
  peakInFlight: number;
  error?: string;
}

/** Everything known about one case's requests and connections, times in ms from performance.now(). */
export interface CaseTrace {
  requests: RequestTrace[];
  connections: ConnectionTrace[];
}

export class TraceCollector {
  private readonly requests = new Map<number, RequestTrace>();
  private readonly connectErrors = new Map<number, string>();

  constructor(private readonly ledger: ConnectionLedger) {
    ledger.onEvent((event) => this.on(event));
  }

  private on(event: LedgerEvent): void {
    switch (event.type) {
      case 'request-start':
        this.requests.set(event.request, { id: event.request, round: event.round, path: event.path, start: event.at });
        break;
      case 'request-end': {
        const r = this.requests.get(event.request);
        if (!r) break;
        r.end = event.at;
        if (event.error !== undefined) r.error = event.error;
        if (event.message !== undefined) r.message = truncate(event.message, MAX_MESSAGE_CHARS);
        break;
      }
      case 'stream-open': {
        const r = event.request !== undefined ? this.requests.get(event.request) : undefined;
        if (!r) break;
        // A library that retries puts the request on a second stream: the last one served it.
        r.conn = event.conn;
        r.requestOnConn = event.requestOnConn;
        r.gotConnAt = event.at;
        r.concurrent = event.concurrent;
        r.wasIdle = event.wasIdle;
        r.idleMs = event.idleMs;
        break;
      }
      case 'wrote-headers': {
        const r = this.requests.get(event.request);
        if (r) r.wroteHeadersAt = event.at;
        break;
      }
      case 'first-byte': {
        const r = this.requests.get(event.request);
        if (r && r.firstByteAt === undefined) r.firstByteAt = event.at;
        break;
      }
      case 'stream-refused': {
        const r = event.request !== undefined ? this.requests.get(event.request) : undefined;
        if (r) r.refused = true;
        break;
      }
      case 'connect-error':
        if (!this.connectErrors.has(event.conn)) this.connectErrors.set(event.conn, event.code);
        break;
      case 'connect-start':
      case 'connect-done':
      case 'tls-done':
      case 'stream-close':
      case 'goaway':
      case 'remote-settings':
      case 'closed':
        // Connection facts are read from the ledger's records at the end.
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown ledger event ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  snapshot(): CaseTrace {
    return {
      requests: [...this.requests.values()].sort((a, b) => a.id - b.id),
      connections: this.ledger.connections.map((c) => {
        const error = this.connectErrors.get(c.id);
        return {
          id: c.id,
          createdAt: c.createdAt,
          ...(c.connectedAt !== undefined ? { connectedAt: c.connectedAt } : {}),
          ...(c.secureAt !== undefined ? { secureAt: c.secureAt } : {}),
          ...(c.closedAt !== undefined ? { closedAt: c.closedAt } : {}),
          ...(c.goawayAt !== undefined ? { goawayAt: c.goawayAt } : {}),
          transport: c.transport,
          tls: c.tls,
          alpn: c.alpn,
          requests: c.requests,
          peakInFlight: c.peakInFlight,
          ...(error !== undefined ? { error } : {}),
        };
      }),
    };
  }
}
