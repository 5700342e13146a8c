/**
 * A fixed, hand-written results object for the report tests: every snapshot and exact
 * number in src/report and src/stats tests is computed from this, so it must never
 * depend on the clock, the machine or the network. The numbers are plausible, not real.
 */
import { SCHEMA_VERSION, type CaseResult, type LatencySummary, type Results, type ScenarioInfo, type Verdict } from '../../src/results.js';
import { aggregate } from '../../src/stats/aggregate.js';

const SCENARIOS: ScenarioInfo[] = [
  {
    id: 'seed',
    description: 'Three staggered requests on a fresh client',
    concurrency: 3,
    delaysMs: [5, 10, 15],
    rounds: { warmup: 2, min: 20, maxTimeMs: 2000 },
  },
  {
    id: 'burst',
    description: 'Cold burst: 100 requests at once on a fresh client',
    concurrency: 100,
    delaysMs: [10],
    rounds: { warmup: 1, min: 10, maxTimeMs: 5000 },
  },
];

interface RunSpec {
  scenario: 'seed' | 'burst';
  strategy: string;
  rep: number;
  cold: number;
  /** New connections on warm rounds; each is a resumed TLS session when `resumed`. */
  warm?: number;
  resumed?: boolean;
  alpn: 'h2' | 'none';
  peak: number;
  p50: number;
  p99: number;
  max: number;
  rps: number;
  errors?: Record<string, number>;
  verdicts?: Verdict[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A plausible, ordered summary (min ≤ p50 ≤ p90 ≤ p99 ≤ p999 ≤ max) from three numbers. */
export function latency(p50: number, p99: number, max: number): LatencySummary {
  return { min: r3(p50 * 0.5), mean: r3(p50 * 1.05), stdev: r3(p50 * 0.3), p50, p90: r3(p99 * 0.9), p99, p999: max, max };
}

function run(spec: RunSpec): CaseResult {
  const scenario = SCENARIOS.find((s) => s.id === spec.scenario);
  if (!scenario) throw new Error(`fixture: unknown scenario ${spec.scenario}`);
  const rounds = scenario.rounds.warmup + scenario.rounds.min;
  const total = scenario.concurrency * rounds;
  const failed = Object.values(spec.errors ?? {}).reduce((a, b) => a + b, 0);
  const warm = spec.warm ?? 0;
  const opened = spec.cold + warm;
  const resumed = spec.resumed ? warm : 0;
  const perConnection = Array.from({ length: opened }, (_, i) =>
    Math.floor(total / opened) + (i < total % opened ? 1 : 0),
  );
  return {
    scenario: spec.scenario,
    strategy: spec.strategy,
    repetition: spec.rep,
    concurrency: scenario.concurrency,
    status: 'ok',
    requests: { total, ok: total - failed, failed, errors: spec.errors ?? {} },
    connections: {
      opened,
      tlsFull: opened - resumed,
      tlsResumed: resumed,
      alpn: { [spec.alpn]: opened },
      serverAccepted: opened,
      maxConcurrentStreams: spec.peak,
      requestsPerConnection: perConnection,
      unused: 0,
      cold: { opened: spec.cold, tlsFull: spec.cold, tlsResumed: 0, alpn: { [spec.alpn]: spec.cold } },
      warm: { opened: warm, tlsFull: warm - resumed, tlsResumed: resumed, alpn: warm > 0 ? { [spec.alpn]: warm } : {} },
      server: {
        accepted: opened,
        tlsFull: opened - resumed,
        tlsResumed: resumed,
        requestsByProtocol: { [spec.alpn === 'h2' ? 'h2' : 'http/1.1']: total - failed },
        alpn: { [spec.alpn]: opened },
        maxConcurrentStreams: spec.peak,
      },
    },
    latencyMs: latency(spec.p50, spec.p99, spec.max),
    // The cold round pays for connecting and handshaking: modelled as 1.5× slower.
    coldLatencyMs: latency(r3(spec.p50 * 1.5), r3(spec.max * 1.5), r3(spec.max * 1.5)),
    coldRoundMs: r3(spec.max * 1.5),
    throughputRps: spec.rps,
    rounds: { samples: scenario.rounds.min, warmupRounds: scenario.rounds.warmup, meanMs: r3(spec.p99 * 1.1), rmePercent: 1.5 },
    durationMs: Math.round(rounds * spec.p99 * 1.1),
    verdicts: spec.verdicts ?? [],
  };
}

const FAN_OUT: Verdict = {
  rule: 'cold-burst-fan-out',
  severity: 'fail',
  message: 'opened 100 HTTP/2 connections for 100 concurrent requests on the cold round; RFC 9113 §9.1 expects 1',
  fix: 'new Agent({ allowH2: true, connections: 1, pipelining: 100 })',
};
const REUSE_OK: Verdict = { rule: 'connection-per-request', severity: 'ok', message: 'warm rounds reused the cold connections', fix: '' };

const H2 = 'http2-single-session';
const UNDICI = 'undici-h2';
const KEEPALIVE = 'https-keepalive';

/** Interleaved like the real plan: scenario, then repetition, then strategy. */
const RUNS: RunSpec[] = [
  { scenario: 'seed', strategy: H2, rep: 0, cold: 1, alpn: 'h2', peak: 3, p50: 10.4, p99: 15.9, max: 16.3, rps: 187.2 },
  { scenario: 'seed', strategy: UNDICI, rep: 0, cold: 3, alpn: 'h2', peak: 1, p50: 10.6, p99: 16.4, max: 17.9, rps: 181 },
  { scenario: 'seed', strategy: KEEPALIVE, rep: 0, cold: 3, alpn: 'none', peak: 1, p50: 10.7, p99: 16.6, max: 18.2, rps: 176.4 },
  { scenario: 'seed', strategy: H2, rep: 1, cold: 1, alpn: 'h2', peak: 3, p50: 10.5, p99: 16.1, max: 17, rps: 184.9 },
  { scenario: 'seed', strategy: UNDICI, rep: 1, cold: 2, alpn: 'h2', peak: 2, p50: 10.6, p99: 16.2, max: 17.1, rps: 179.6 },
  {
    scenario: 'seed', strategy: KEEPALIVE, rep: 1, cold: 3, warm: 1, resumed: true, alpn: 'none', peak: 1,
    p50: 10.8, p99: 17.3, max: 19.4, rps: 178.1,
  },
  { scenario: 'burst', strategy: H2, rep: 0, cold: 1, alpn: 'h2', peak: 100, p50: 14.2, p99: 22.8, max: 25.1, rps: 6012 },
  {
    scenario: 'burst', strategy: UNDICI, rep: 0, cold: 100, alpn: 'h2', peak: 1, p50: 31.5, p99: 88.4, max: 95.2, rps: 2710,
    verdicts: [FAN_OUT, REUSE_OK],
  },
  { scenario: 'burst', strategy: KEEPALIVE, rep: 0, cold: 100, alpn: 'none', peak: 1, p50: 27.9, p99: 61.2, max: 70.4, rps: 3120 },
  {
    scenario: 'burst', strategy: H2, rep: 1, cold: 1, alpn: 'h2', peak: 100, p50: 14.6, p99: 23.9, max: 26.4, rps: 5890,
    errors: { REFUSED_STREAM: 12 },
  },
  { scenario: 'burst', strategy: UNDICI, rep: 1, cold: 100, alpn: 'h2', peak: 1, p50: 29.8, p99: 84.1, max: 91.7, rps: 2803 },
  { scenario: 'burst', strategy: KEEPALIVE, rep: 1, cold: 100, alpn: 'none', peak: 1, p50: 28.3, p99: 63, max: 72.8, rps: 3088 },
];

export function fixtureResults(): Results {
  const runs = RUNS.map(run);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'muxbench', version: '0.1.0' },
    startedAt: '2025-01-15T10:00:00.000Z',
    finishedAt: '2025-01-15T10:02:30.000Z',
    command: 'muxbench run --scenario seed,burst --strategy http2-single-session,undici-h2,https-keepalive --repetitions 2',
    environment: {
      node: 'v20.20.2',
      openssl: '3.0.19',
      nghttp2: '1.61.0',
      os: 'linux 6.8.0 x64',
      cpus: 4,
      cpuModel: 'AMD EPYC 7763 64-Core Processor',
      totalMemoryBytes: 16 * 1024 ** 3,
      dependencies: { undici: '7.16.0', got: '14.4.9' },
    },
    target: { kind: 'local', origin: 'https://127.0.0.1:8443', mtls: false },
    options: { repetitions: 2, quick: false, scenarios: ['seed', 'burst'], strategies: [H2, UNDICI, KEEPALIVE] },
    strategies: [
      { id: H2, label: 'node:http2 - one shared session', library: 'node:http2', intent: 'one-connection' },
      { id: UNDICI, label: 'undici Agent({ allowH2: true })', library: 'undici', intent: 'one-connection' },
      { id: KEEPALIVE, label: 'node:https Agent({ keepAlive: true })', library: 'node:https', intent: 'pool' },
    ],
    scenarios: SCENARIOS.map((s) => ({ ...s, delaysMs: [...s.delaysMs], rounds: { ...s.rounds } })),
    runs,
    aggregates: aggregate(runs),
  };
}
