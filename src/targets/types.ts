/**
 * What the rest of muxbench sees of a target: where to send requests, the TLS material
 * every client needs, and (when the server is ours) the server-side counters.
 */
import type { ServerCounts, TargetServer } from '../results.js';
import type { ServerLedgerSnapshot } from './server-ledger.js';
import type { ServerBehaviour } from './server-options.js';
import type { RelayCounts, RelayOptions } from './relay/relay.js';
import type { ServerMemory } from '../costs/live-memory.js';

/** PEM strings plus their paths (some tools, e.g. h2load or curl, want files). */
export interface TlsMaterial {
  ca: string;
  caPath: string;
  cert?: string;
  key?: string;
  certPath?: string;
  keyPath?: string;
  servername?: string;
}

export interface Target {
  kind: 'local' | 'nginx' | 'url';
  /** e.g. https://127.0.0.1:PORT */
  origin: URL;
  /**
   * Origins of the same server, `origin` first (the local ping server listens on several
   * ports); absent when the target has only `origin`. The lifetime scenario spreads over them.
   */
  origins?: URL[];
  /** What every client needs: the CA, and the client cert/key when mtls. */
  tls: TlsMaterial;
  mtls: boolean;
  /** What serves the origin when muxbench started it (nginx version and limits). */
  server?: TargetServer;
  /** An http:// origin that speaks only h2c (prior knowledge): HTTP/1.1 strategies cannot run. */
  h2cOnly?: boolean;
  /**
   * The request path with `{delay}` for the delay in ms, as the worker fills it in.
   * (Deriving it from pathFor(-1) does not work: pathFor clamps -1 to 0, which silently
   * turned every scenario's delay into 0.)
   */
  pathTemplate: string;
  /** '/ping/10' */
  pathFor(delayMs: number): string;
  /** Zero the server-side counters (called before each case). */
  resetCounters(): Promise<void>;
  /** null when the server is not ours. */
  readCounters(): Promise<ServerCounts | null>;
  /** Every connection and request since the last resetCounters(); absent when the server is not ours. */
  readLedger?(): Promise<ServerLedgerSnapshot>;
  close(): Promise<void>;
  /** The round trip (and bandwidth cap) a relay adds between every client and the server (--rtt, --bandwidth); absent = plain loopback. */
  network?: RelayOptions;
  /** The processes that serve the origin (the ping server; nginx's workers), for their CPU time and memory; absent when the server is not ours. */
  serverPids?(): Promise<number[]>;
  /** The server's live heap (after a full collection) and RSS; only the local ping server, which runs on Node, has one. */
  readServerMemory?(): Promise<ServerMemory>;
  /** The relay's own count since the last resetCounters(); absent without a relay. */
  readRelay?(): Promise<RelayCounts>;
}

/**
 * The ping server's options: its behaviours (server-options.ts: stream limit, GOAWAY,
 * idle timeout, Keep-Alive max, Connection: close, resets, body size) and where it listens.
 */
export interface PingServerOptions extends ServerBehaviour {
  mtls?: boolean;
  /** Listen address; 127.0.0.1 by default. */
  host?: string;
  /** Also listen on a cleartext port that speaks h2c (prior knowledge) and HTTP/1.1. */
  cleartext?: boolean;
  /** Requests a case's ledger keeps as records before it summarises the rest (server-ledger.ts; default 100,000). */
  ledgerRequestRecords?: number;
}
