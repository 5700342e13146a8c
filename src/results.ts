/**
 * The results file: plain data, raw numbers, no formatting. This is the contract of
 * DESIGN.md ("add fields freely, never rename these"). Every writer in src/report/
 * is a pure function of these types.
 */

import type { Comparison } from './compare/types.js';

export const SCHEMA_VERSION = 1 as const;

export type Severity = 'ok' | 'warn' | 'fail';

export interface Verdict {
  rule: string;
  severity: Severity;
  message: string;
  fix: string;
}

/** Connection counts for one slice of a case (the whole case, the cold round, or the warm rounds). */
export interface ConnectionCounts {
  /** TCP connections the client opened (client-side ledger). */
  opened: number;
  tlsFull: number;
  tlsResumed: number;
  /** Negotiated ALPN per connection; `none` = TLS without ALPN, `cleartext` = no TLS. */
  alpn: Record<string, number>;
}

export interface ServerCounts {
  /** TCP connections the server accepted. */
  accepted: number;
  tlsFull: number;
  tlsResumed: number;
  /** Requests by protocol as the server saw them: `h2`, `http/1.1`. */
  requestsByProtocol: Record<string, number>;
  /** Connections by negotiated ALPN as the server saw them (`none` when the client sent no ALPN). */
  alpn: Record<string, number>;
  /** Highest number of concurrent requests (streams) on any one connection. */
  maxConcurrentStreams: number;
}

export interface ConnectionSummary extends ConnectionCounts {
  /** Server-side count of accepted TCP connections; null when the server is not ours. */
  serverAccepted: number | null;
  /** Highest number of requests in flight on any one connection (client side). */
  maxConcurrentStreams: number;
  /** Requests carried per connection, one entry per connection, in opening order. */
  requestsPerConnection: number[];
  /** Connections that carried no request (for example an ALPN probe). */
  unused: number;
  /** The first (cold) round alone: cold-start fan-out shows here. */
  cold: ConnectionCounts;
  /** Everything after the cold round: a healthy client opens nothing new here. */
  warm: ConnectionCounts;
  /** Full server-side counts for the case; null when the server is not ours. */
  server: ServerCounts | null;
}

export interface LatencySummary {
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface RequestCounts {
  total: number;
  ok: number;
  failed: number;
  /** Failed requests by error code. */
  errors: Record<string, number>;
}

/** How tinybench timed the rounds of one case. */
export interface RoundTiming {
  /** Timed rounds (samples), warm-up excluded. */
  samples: number;
  warmupRounds: number;
  meanMs: number;
  /** Relative margin of error of the mean, in percent (tinybench `rme`). */
  rmePercent: number;
}

/** One (scenario, strategy, repetition) case. */
export interface CaseResult {
  scenario: string;
  strategy: string;
  repetition: number;
  concurrency: number;
  /** 'ok' = measured; 'error' = the case itself could not run (see `error`); 'skipped' = not applicable (see `skipReason`). */
  status: 'ok' | 'error' | 'skipped';
  error?: { code: string; message: string };
  skipReason?: string;
  requests: RequestCounts;
  connections: ConnectionSummary;
  /** Latency of the measured warm rounds. */
  latencyMs: LatencySummary;
  /** Latency of the cold first round alone (it pays for connections and handshakes). */
  coldLatencyMs: LatencySummary;
  /** Wall time of the cold first round. */
  coldRoundMs: number;
  throughputRps: number;
  rounds: RoundTiming;
  durationMs: number;
  verdicts: Verdict[];
  /** Set when the case ran open-loop (--rate/--duration); `latencyMs` is then the corrected latency. */
  openLoop?: OpenLoopSummary;
}

/**
 * An open-loop case: requests arrive at a constant rate whatever the server does.
 * Corrected latency runs from each request's intended send time (no coordinated
 * omission, as wrk2); uncorrected from when it was actually sent.
 */
export interface OpenLoopSummary {
  rateRps: number;
  durationMs: number;
  /** Requests allowed in flight at once; arrivals beyond wait in a backlog. */
  maxInFlight: number;
  /** Longest the backlog may grow; arrivals beyond it are dropped. */
  maxBacklog: number;
  /** Arrivals scheduled in the duration. */
  scheduled: number;
  /** Requests actually sent. */
  sent: number;
  /** Requests sent more than `lateThresholdMs` after their intended time. */
  late: number;
  lateThresholdMs: number;
  /** Arrivals never sent: the backlog was full, or the drain bound ran out. */
  dropped: number;
  /** Largest send lag behind the schedule. */
  maxLagMs: number;
  correctedLatencyMs: LatencySummary;
  uncorrectedLatencyMs: LatencySummary;
}

export interface Environment {
  node: string;
  openssl: string;
  nghttp2: string;
  os: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  dependencies: Record<string, string>;
}

export interface StrategyInfo {
  id: string;
  label: string;
  library: string;
  intent: 'one-connection' | 'connection-per-request' | 'pool';
}

export interface ScenarioInfo {
  id: string;
  description: string;
  concurrency: number;
  /** Delay the server waits before answering each request of a round, by position in the round. */
  delaysMs: number[];
  rounds: { warmup: number; min: number; maxTimeMs: number };
  /** Scenarios run as one family, e.g. 'sweep' for sweep-c1 … sweep-c1000. */
  group?: string;
}

/** Aggregate over the repetitions of one (scenario, strategy). */
export interface Aggregate {
  scenario: string;
  strategy: string;
  repetitions: number;
  throughputRps: { mean: number; stdev: number };
  latencyMs: { p50: { mean: number; stdev: number }; p99: { mean: number; stdev: number }; max: number };
  connections: {
    cold: { mean: number; min: number; max: number };
    warm: { mean: number; min: number; max: number };
    tlsFull: { mean: number; min: number; max: number };
    tlsResumed: { mean: number; min: number; max: number };
    maxConcurrentStreams: number;
    /** Most frequent negotiated protocol, e.g. 'h2', 'http/1.1', 'mixed'. */
    protocol: string;
  };
  requests: RequestCounts;
}

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'muxbench'; version: string };
  startedAt: string;
  finishedAt: string | null;
  /** The exact argv that reproduces this file. */
  command: string;
  environment: Environment;
  target: { kind: 'local' | 'nginx' | 'url'; origin: string; mtls: boolean };
  options: { repetitions: number; quick: boolean; scenarios: string[]; strategies: string[] };
  strategies: StrategyInfo[];
  scenarios: ScenarioInfo[];
  runs: CaseResult[];
  aggregates: Aggregate[];
  /** Set when the run was compared against a baseline (--compare). */
  comparison?: Comparison;
  /** Set when the cases ran open-loop (--rate/--duration) instead of closed-loop rounds. */
  load?: { kind: 'open-loop'; rateRps: number; durationMs: number };
}
