/**
 * The results file: plain data, raw numbers, no formatting. This is a contract
 * (docs/architecture.md, "Results": add fields freely, never rename these). Every writer in src/report/
 * is a pure function of these types.
 */

import type { Comparison } from './results/comparison.js';
import type { ThresholdOutcome } from './results/thresholds.js';

export const SCHEMA_VERSION = 1 as const;

export type Severity = 'ok' | 'warn' | 'fail';

export interface Verdict {
  rule: string;
  severity: Severity;
  message: string;
  fix: string;
}

/**
 * A rule the case gave nothing to judge on: no request succeeded (or no connection was
 * opened), so the rule's "ok" would be a claim about traffic that never happened. Listed
 * here instead of an ok verdict; a rule that still finds fault (warn/fail) keeps its verdict.
 */
export interface NotJudged {
  rule: string;
  /** e.g. "no request succeeded". */
  reason: string;
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
  /** Distinct connections that carried a logged request (nginx access log `$connection`); absent for the local server. */
  loggedConnections?: number;
  /** Request body bytes the server read, over every request (--request-bytes); absent when none came, from nginx and in older files. */
  requestBodyBytes?: number;
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
  /** Connections the --rtt relay accepted (its own count, 1:1 with the server's); absent without a relay. */
  relayAccepted?: number;
  /** HTTP/2 GOAWAY frames the client received (client side; absent in older files). */
  goaways?: number;
  /** GOAWAYs by HTTP/2 error code name: NO_ERROR is a graceful limit, anything else an error close. */
  goawayCodes?: Record<string, number>;
  /** HTTP/2 streams the server reset with REFUSED_STREAM (client side). */
  refusedStreams?: number;
  /** Lowest SETTINGS_MAX_CONCURRENT_STREAMS the server announced on any connection; null when no HTTP/2 SETTINGS arrived. */
  remoteMaxConcurrentStreams?: number | null;
  /** Failed requests that followed a GOAWAY on their connection, whatever their error code (client side). */
  failuresAfterGoaway?: number;
  /** Failed requests sent on a connection that had carried requests before. */
  failuresOnReused?: number;
  /** Those failures by error code. */
  failuresOnReusedCodes?: Record<string, number>;
  /** The idle time of the connection (ms) when each of those requests went on it; 0 = it was busy. */
  failuresOnReusedIdleMs?: number[];
}

/** p50 and p99 of one phase, in ms. */
export interface PhasePercentiles {
  p50: number;
  p99: number;
}

/** Phases of the successful requests of one group (see PhaseBreakdown). */
export interface PhaseStats {
  requests: number;
  /** TCP connect time that fell inside the request (0 for a reused connection). */
  connect: PhasePercentiles;
  /** TLS handshake time that fell inside the request (0 for a reused connection). */
  tls: PhasePercentiles;
  /** Time to first response byte, from the moment the workload started the request. */
  ttfb: PhasePercentiles;
  total: PhasePercentiles;
}

/**
 * Where the time of every successful request of a case went, split between requests
 * that were the first on a new connection (they paid for connect and TLS) and requests
 * that reused one. Cold and warm rounds together. Milliseconds.
 */
export interface PhaseBreakdown {
  newConnection: PhaseStats;
  reused: PhaseStats;
  /** Successful requests the tap could not tie to a connection (counted in neither group). */
  uncorrelated: number;
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

/**
 * What the failed requests of one error code said. Kept by the worker as they fail, and
 * merged over the repetitions of an aggregate: the count is the code's count in
 * `requests.errors`, the messages are what a reader needs to fix the client.
 */
export interface ErrorDetail {
  /** Failed requests with this code. */
  count: number;
  /** The first distinct messages, in the order they first occurred (at most 3, each cut to 240 characters). */
  messages: string[];
  /** The stack of the first failure with this code; only when the run had --debug. */
  stack?: string;
}

/** Per error code, in the order the codes first occurred (so the first entry's first message is the first failure's). */
export type ErrorDetails = Record<string, ErrorDetail>;

/**
 * How tinybench timed the rounds of one case. For the sustained shape: one sample per
 * measured window, `meanMs` the window length, `rmePercent` the spread of the windows'
 * throughput, `warmupRounds` 0.
 */
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
  /** Messages of the failed requests per error code (absent in older files, and where the client's errors are not seen: h2load, client commands). */
  errorDetails?: ErrorDetails;
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
  /** Rules not judged for want of a successful request or a connection (absent when every rule judged). */
  notJudged?: NotJudged[];
  /** Connect / TLS / first byte / total per request, new vs reused connection (absent in older files). */
  phasesMs?: PhaseBreakdown;
  /** Set when the case ran open-loop (--rate/--duration); `latencyMs` is then the corrected latency. */
  openLoop?: OpenLoopSummary;
  /** The runtime the case's worker ran on, as the worker itself saw it (absent in older files). */
  runtime?: RuntimeInfo;
  /** Set for an external client (--client-cmd): how its command ran. Its counts and latency are the server's. */
  client?: ExternalClientRun;
  /**
   * CPU time per request (absent in older files and for cases no worker measured): the
   * client's worker over the measured window, and the server's processes over the whole
   * case where the server is ours.
   */
  cpu?: CaseCpu;
  /**
   * The latency distributions behind `latencyMs`, `coldLatencyMs`, `phasesMs` and
   * `openLoop`, whole, so results from several hosts add up exactly (`muxbench merge`).
   * Absent in older files and in cases that did not measure.
   */
  histograms?: CaseHistograms;
  /** The server's RSS before the case and at its peak during it; absent when the server is not ours. */
  serverMemory?: CaseServerMemory;
  /**
   * The client's (the case's worker process) RSS and V8 heap before its first request and
   * at their peak during the case; absent for cases no Node worker ran (h2load, client
   * commands, Bun and Deno) and in older files.
   */
  clientMemory?: CaseClientMemory;
  /** Set for a case on Bun or Deno: how its harness ran. Counts are the server's; latency is the runtime's own clock. */
  harness?: HarnessRun;
  /** The lifetime scenario: connections over the case as the server counted them (absent for every other scenario). */
  lifetime?: LifetimeResult;
}

/**
 * What the server saw of a lifetime case (bursts separated by idle gaps over several
 * origins; docs/long-runs.md). Every count is the server's ledger; times are ms from the
 * first burst's start. "The end" is the end of the last gap, before the client was closed.
 */
export interface LifetimeResult {
  /** Origins (ports of the same server) the bursts went to. */
  origins: number;
  /** Idle gap after each burst (ms); the last one ends the case. */
  gapsMs: number[];
  /** Connections the server accepted during the case. */
  opened: number;
  /** Connections open at each burst's start and end and at the end: `atMs` from the first burst's start. */
  openOverTime: Array<{ atMs: number; open: number; label: string }>;
  /** Most connections open at once (from the accept and close times). */
  peakOpen: number;
  /** Closed by the client (its end of stream or a reset came first) before the end, with how long each had idled (ms, lastEndAt → close; at most 1000 kept). */
  closedByClient: number;
  closedByClientIdleMs: number[];
  /** Closed by the server before the end (an idle timeout, a GOAWAY, Connection: close). */
  closedByServer: number;
  /** Still open at the end, and the shortest idle among them (ms; null when none). */
  openAtEnd: number;
  openAtEndMinIdleMs: number | null;
  /** The same per origin, in the order of `origins`: the port's position, not the port. */
  perOrigin: Array<{ origin: number; opened: number; peakOpen: number; closedByClient: number; closedByServer: number; openAtEnd: number }>;
}

/**
 * One HdrHistogram in its portable compressed form (`encodeIntoCompressedBase64`, as
 * every HdrHistogram implementation reads it): values in microseconds, 1 µs to 1 h, 3
 * significant digits.
 */
export type EncodedHistogram = string;

/** The HDR histograms of one case (see CaseResult.histograms). */
export interface CaseHistograms {
  /** The requests of `latencyMs` (warm rounds; open-loop: corrected latency). */
  latency: EncodedHistogram;
  /** The requests of `coldLatencyMs`. */
  coldLatency: EncodedHistogram;
  /** Every request of `phasesMs`' groups (all of them, where `phasesMs` percentiles beyond 8192 requests come from a sample). */
  phases?: { newConnection: PhaseHistograms; reused: PhaseHistograms };
  /** Open-loop cases: `openLoop.uncorrectedLatencyMs`. */
  uncorrectedLatency?: EncodedHistogram;
}

/** One group's phases; a phase the request did not pay for (connect on a reused connection) is recorded as 0. */
export interface PhaseHistograms {
  connect: EncodedHistogram;
  tls: EncodedHistogram;
  ttfb: EncodedHistogram;
  total: EncodedHistogram;
}

/** CPU per request of one case, in microseconds of user + system time. */
export interface CaseCpu {
  /**
   * The worker (client and harness) over the measured window: the warm rounds, or the
   * sustained window; the cold round and the warm-up are not in it. null when the
   * window finished no request.
   */
  client: CpuPerRequest | null;
  /**
   * The server muxbench started (the local ping server's process; nginx's worker
   * processes, without the ping server behind them) over the whole case, cold round and
   * warm-up included, divided by the requests the server answered. null when the server
   * is not ours or its CPU time could not be read (not Linux).
   */
  server: CpuPerRequest | null;
}

export interface CpuPerRequest {
  /** User + system CPU time per request. */
  usPerRequest: number;
  /** The whole CPU time the figure divides, in microseconds. */
  totalUs: number;
  /** User and system parts of `totalUs`, where the source separates them (process.cpuUsage). */
  userUs?: number;
  systemUs?: number;
  /** The requests it was divided by. */
  requests: number;
}

/**
 * A case run on Bun or Deno by the harness (a script the runtime runs: the scenario's
 * rounds with the runtime's own fetch or node:http2). The client-side tap does not run
 * there: `connections` come from the server's ledger; latency and throughput from the
 * harness's own timings (performance.now() of that runtime).
 */
export interface HarnessRun {
  engine: string;
  argv: string[];
  exitCode: number | null;
  wallMs: number;
  stderrTail: string[];
  countsSource: 'server';
  latencySource: 'runtime';
}

/**
 * The Node runtime and library versions one case really ran on, captured inside its
 * worker. `id` names the variant (matrix column, `compare --a/--b`): node20, node26,
 * node26+undici@7.30.2, current.
 */
/** RuntimeInfo.id of a case no Node ran (the native h2load reference): it is in no runtime's column. */
export const NATIVE_RUNTIME_ID = 'native';

export interface RuntimeInfo {
  id: string;
  /** process.versions.node of the worker, e.g. 26.10.0. */
  node: string;
  /** undici, got, http2-wrapper as the worker resolved them, and 'undici (bundled, fetch)'. */
  packages: Record<string, string>;
  /** Set on Bun and Deno ('node' is then the Node compatibility level the runtime reports). */
  engine?: 'bun' | 'deno';
  /** The engine's own version on Bun and Deno (1.4.5, 2.9.6). */
  engineVersion?: string;
  /** process.versions.openssl of the worker (absent in older files and for cases no worker ran). */
  openssl?: string;
  /** process.versions.nghttp2 of the worker (absent in older files and for cases no worker ran). */
  nghttp2?: string;
}

/** One runtime the cases ran on (see Results.measuredOn). */
export interface MeasuredOn extends RuntimeInfo {
  /** Why every case of it was skipped. */
  skipReason?: string;
  /** Set for files from before per-case runtime records: the cases ran on muxbench's own Node. */
  fromEnvironment?: true;
}

/** A variant the run planned: a runtime with a library set (see RuntimeInfo for what each case saw). */
export interface VariantInfo {
  id: string;
  /** Node version of the binary, e.g. 26.10.0. */
  node: string;
  /** The binary: a path in the runtime cache, or the Node running muxbench. */
  bin: string;
  /** Library versions installed for the variant. */
  packages: Record<string, string>;
  /** Why every case of this variant was skipped (a library's engines the runtime cannot meet). */
  skipReason?: string;
  /** Set for Bun and Deno: `node` is then 'none' and `engineVersion` their own version. */
  engine?: 'bun' | 'deno';
  engineVersion?: string;
}

/**
 * An external client's command and how it ended. Its row is counted from the server's
 * ledger; `latencyMs` is the server's per-request time (arrival to response end) and
 * `throughputRps` is requests over the command's wall time (start-up included).
 */
export interface ExternalClientRun {
  command: string;
  /** The words it ran, placeholders filled in. */
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutMs: number;
  wallMs: number;
  /** Last lines of its stderr. */
  stderrTail: string[];
  /** The server's counts in one line, e.g. "3 connections, 3 full TLS handshakes, no ALPN (HTTP/1.1), …". */
  serverView: string;
  latencySource: 'server';
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

/**
 * The process that ran muxbench itself: its Node, OpenSSL and its own installed
 * dependencies. Not what was measured when the cases ran on a runtime variant (the
 * default): that is `measuredOn` and each run's `runtime`.
 */
export interface Environment {
  /** Whose versions these are; written by the results file's writer (absent in older files). */
  scope?: 'muxbench';
  node: string;
  openssl: string;
  nghttp2: string;
  os: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  dependencies: Record<string, string>;
}

/** How a --precision run ended; the precision each row reached is in `Aggregate.halfWidth95`. */
export interface PrecisionRun {
  /** Target relative half-width of every mean's 95 % interval (0.03 = ±3 %). */
  target: number;
  maxTimeMs: number;
  minRepetitions: number;
  /** Wall time the cases took. */
  elapsedMs: number;
  /** target = every row reached it; max-time = the budget ran out first; repetition-cap = 100 repetitions. */
  stoppedBy: 'target' | 'max-time' | 'repetition-cap';
  /** Rows (scenario × strategy) that reached the target, of all measured rows. */
  rowsWithinTarget: number;
  rows: number;
}

/** Conditions of the measurement (absent in older files). */
export interface Provenance {
  /** The project under test: the git work tree of the current directory; commit and dirty are null outside one. */
  project: { cwd: string; commit: string | null; dirty: boolean | null };
  /** os.loadavg() (1, 5, 15 min) when the run started and when it finished (null while running). */
  loadAverage: { start: [number, number, number]; end: [number, number, number] | null };
  /** cpufreq scaling governor(s), e.g. "performance"; null where the machine does not expose it. */
  cpuGovernor: string | null;
  /** Core pinning, when the run used it (--pin): which cores the server and the workers ran on. */
  pinning?: { server: string; workers: string } | null;
  /** e.g. the machine was not idle. */
  warnings: string[];
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
  /**
   * How the warm requests were sent: 'rounds' (C at once, wait for all, again; the
   * default, and what files without the field used) or 'sustained' (C kept in flight
   * continuously for `sustained.durationMs` after `sustained.warmupMs`, as `h2load -m C`).
   * Both start with the same cold round of C requests at once.
   */
  shape?: LoadShape;
  /** The time budget of the sustained shape; `rounds.maxTimeMs` then equals `durationMs`. */
  sustained?: SustainedBudget;
  /**
   * Rounds shape only (idle-burst): the workload idles before every round after the cold
   * one, taking these durations in turn (ms), so connections sit idle around the
   * server's keep-alive timeout between bursts.
   */
  idleMs?: number[];
  /**
   * The lifetime scenario: bursts of `concurrency` requests to each of `origins` origins at
   * once, each burst followed by an idle gap (ms, in order); the last gap ends the case.
   */
  lifetime?: { origins: number; gapsMs: number[] };
  /**
   * --request-bytes: every ping is a POST with a body of this many bytes (a gRPC ping: its
   * framed message, 5 bytes of header and N - 5 of message); absent = GET without a body.
   */
  requestBytes?: number;
  /**
   * This scenario's cases ran through a relay with this round trip (ms), while the rest of
   * the run may be on plain loopback (e.g. `seed-rtt20`); absent = the run's own network
   * (`target.rttMs`).
   */
  rttMs?: number;
  /**
   * The built-in strategies this scenario ran in this run, when not every chosen one: the
   * default run's `seed-rtt20` runs one per connection behaviour (docs/costs.md). Strategy
   * files and client commands always run. Absent = every chosen strategy.
   */
  strategies?: string[];
}

export type LoadShape = 'rounds' | 'sustained';

export interface SustainedBudget {
  /** Requests in flight but not recorded, after the cold round. */
  warmupMs: number;
  /** The measured window. */
  durationMs: number;
  /** The measured window is split into this many windows (their spread is `rounds.rmePercent`). */
  windows: number;
}

/** Mean ± sample stdev of a CPU figure over `n` repetitions. */
export interface CpuSpread {
  mean: number;
  stdev: number;
  n: number;
}

/** Aggregate over the repetitions of one (scenario, strategy). */
export interface Aggregate {
  scenario: string;
  strategy: string;
  /** The variant (CaseResult.runtime.id) when the runs carry one. */
  runtime?: string;
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
  /** The runs' errorDetails merged: counts summed, the first distinct messages kept, the first stack. */
  errorDetails?: ErrorDetails;
  /**
   * Achieved precision of each mean: the relative half-width of its 95 % interval across
   * the repetitions (0.03 = ±3 %, on the log scale); null under 2 measured repetitions.
   * Absent in older files.
   */
  halfWidth95?: { p50: number | null; p99: number | null; throughput: number | null };
  /**
   * CPU per request (CaseResult.cpu), mean and sample stdev over the measured repetitions
   * that recorded it, in microseconds; null on a side nothing recorded. Absent in older files.
   */
  cpuUsPerRequest?: { client: CpuSpread | null; server: CpuSpread | null };
  /**
   * Mean throughput of this strategy divided by the native reference's (h2load) in the
   * same scenario and run; absent when no reference row measured.
   */
  vsReference?: number;
}

/** The server behind the target when muxbench started it (e.g. nginx): what it is and how it was configured. */
export interface TargetServer {
  software: string;
  version: string;
  /** Configured limits that shape the counts, e.g. http2_max_concurrent_streams: 128. */
  settings: Record<string, string | number>;
}

/** The native client every Node strategy is compared with (h2load), when it ran. */
export interface ReferenceInfo {
  tool: 'h2load';
  /** `h2load --version`, or null when it is not installed. */
  version: string | null;
  /** How it was run and what it does not do (e.g. it does not verify certificates). */
  note: string;
}

/** --warmup: the cases run and discarded before the measurement (N per scenario) and the time they took. */
export interface WarmupRecord {
  cases: number;
  ms: number;
}

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'muxbench'; version: string };
  startedAt: string;
  finishedAt: string | null;
  /** The exact argv that reproduces this file. */
  command: string;
  /**
   * The runtimes the cases were measured on, one per variant (Node, OpenSSL, nghttp2, the
   * measured libraries), derived from `runs[].runtime` and `variants` when the file is
   * written, and placed before `environment` (muxbench's own process). Absent in older files.
   */
  measuredOn?: MeasuredOn[];
  environment: Environment;
  /** Commit of the project under test, machine load, CPU policy (absent in older files). */
  provenance?: Provenance;
  target: {
    kind: 'local' | 'nginx' | 'url';
    origin: string;
    mtls: boolean;
    /** The server muxbench started behind the origin (nginx), with its version and limits. */
    server?: TargetServer;
    /** The cleartext origin speaks only h2c (prior knowledge), so HTTP/1.1 strategies are skipped. */
    h2cOnly?: boolean;
    /** Round-trip time the relay added between every client and the server (--rtt), ms; absent = plain loopback. */
    rttMs?: number;
    /** Extra one-way delay per chunk, uniform 0 … rttJitterMs/2 (--rtt-jitter), ms; present with rttMs. */
    rttJitterMs?: number;
    /** Each direction's link rate through the relay, shared by every connection (--bandwidth), Mbit/s; absent = no cap. */
    bandwidthMbps?: number;
    /** What one connection costs this server, calibrated before the cases (src/costs/calibrate.ts); absent when the server is not ours. */
    costs?: CostCalibration;
  };
  options: {
    repetitions: number;
    quick: boolean;
    scenarios: string[];
    strategies: string[];
    /** --warmup: absent when none ran and in older files. */
    warmup?: WarmupRecord;
  };
  strategies: StrategyInfo[];
  scenarios: ScenarioInfo[];
  runs: CaseResult[];
  aggregates: Aggregate[];
  /** The native reference client, when the run planned one. */
  reference?: ReferenceInfo;
  /** Set when the run was compared against a baseline (--compare), or its clients against their previous versions (--base-ref, --base-dir). */
  comparison?: Comparison;
  /** Set when the run measured previous versions of its strategy files beside them (--base-ref, --base-dir; docs/release-gate.md). */
  base?: BaseClients;
  /** Set when repetitions were added until a precision target (--precision) or the time budget was reached. */
  precision?: PrecisionRun;
  /** Set when the cases ran open-loop (--rate/--duration) instead of closed-loop rounds. */
  load?: { kind: 'open-loop'; rateRps: number; durationMs: number };
  /** The runtime × library variants of the run (--node, --with), in column order. */
  variants?: VariantInfo[];
  /** Set when the run checked absolute thresholds (--threshold, muxbench.config.json): one outcome per threshold × matching case. */
  thresholds?: ThresholdOutcome[];
  /**
   * Set when SIGINT or SIGTERM stopped the run: `runs` holds every case that finished;
   * `interruption.case` is the one that was running (not in `runs`; null between cases).
   */
  interrupted?: true;
  interruption?: InterruptionInfo;
  /**
   * Set by `muxbench merge`: the hosts whose results files were added up into this one, in
   * the order given. `environment` is then the first host's; each host's own is here.
   */
  hosts?: HostInfo[];
}

/**
 * Where the previous client of an old-against-new run came from (Results.base), and
 * which strategy is whose previous version: `compare FILE --a <base> --b <next>` repeats
 * the run's own comparison.
 */
export interface BaseClients {
  /** --base-ref: the ref as given, and the commit it named. */
  ref?: string;
  commit?: string;
  /** --base-dir: the directory, as given. */
  dir?: string;
  /** Each strategy measured in both versions: the previous one's id (e.g. `my-client@v1.4.0`) and this one's. */
  pairs: Array<{ base: string; next: string }>;
}

/** One results file of a merge (Results.hosts): where and how that host measured. */
export interface HostInfo {
  /** The file as given to `muxbench merge`. */
  file: string;
  tool: Results['tool'];
  command: string;
  startedAt: string;
  finishedAt: string | null;
  environment: Environment;
  provenance?: Provenance;
  target: Results['target'];
}

/**
 * The server's cost of one connection, measured against the target before the cases:
 * CPU per handshake (K handshake-and-close connections) and memory per idle HTTP/2
 * connection (N open at once). null where the figure could not be read.
 */
export interface CostCalibration {
  /** Connections of each kind the CPU figures are averaged over. */
  handshakes: number;
  /** Server CPU per full TLS handshake, including the accept and the close, ns. */
  fullHandshakeCpuNs: number | null;
  /** The same per resumed handshake; null unless every one of them resumed. */
  resumedHandshakeCpuNs: number | null;
  /** Of `handshakes` offered a session ticket, how many resumed. */
  resumedHandshakes: number;
  /** Idle connections open at once for the memory figures. */
  idleConnections: number;
  /** Server RSS per open connection (all of nginx's workers together), bytes. */
  serverRssPerConnectionBytes: number | null;
  /** The ping server's live V8 heap per open connection, bytes; null for nginx (no V8 heap). */
  serverHeapPerConnectionBytes: number | null;
  /** The client's (muxbench's own Node process) RSS and V8 heap per open connection, bytes. */
  clientRssPerConnectionBytes: number;
  clientHeapPerConnectionBytes: number;
}

/** Server memory over one case: RSS before it and its peak during it (bytes; all of nginx's workers together). */
export interface CaseServerMemory {
  rssBeforeBytes: number;
  rssPeakBytes: number;
}

/**
 * Client memory over one case, bytes: RSS and heap used once the client was open (its
 * library loaded) and before its first request, and their peaks up to the end of the
 * measured loop (before the client closes). RSS peak: the kernel's high-water mark
 * where it can be read (Linux), else the highest sample; heap peak: the highest sample
 * (every `sampleMs`, and once after the loop), garbage not yet collected included.
 */
export interface CaseClientMemory {
  rssBeforeBytes: number;
  rssPeakBytes: number;
  heapBeforeBytes: number;
  heapPeakBytes: number;
  sampleMs: number;
}

/** Which signal stopped a run, and the case it stopped. */
export interface InterruptionInfo {
  signal: 'SIGINT' | 'SIGTERM';
  case: { scenario: string; strategy: string; repetition: number; variant?: string } | null;
  /** Cases that had finished, of the cases planned so far. */
  finished: number;
  planned: number;
}
