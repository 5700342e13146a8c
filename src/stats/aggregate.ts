/**
 * Folds the repetitions of each (scenario, strategy) into one `Aggregate`. Only runs
 * that measured (status 'ok') feed the means, ranges and protocol: a case that could
 * not run ('error') or did not apply ('skipped') has no meaningful latency or connection
 * counts, and its zeros would drag the mean down silently. Its requests and errors still
 * count, so nothing disappears.
 */
import type { Aggregate, CaseResult, CpuSpread, RequestCounts } from '../results.js';
import { mergeErrorDetails } from './error-details.js';
import { relativeHalfWidth } from './interval.js';
import { meanStdev, minMax } from './summary.js';

/** Below this share, the most frequent protocol does not speak for the group. */
const DOMINANT_SHARE = 0.9;

/** Groups by (scenario, strategy, runtime variant) in first-seen order, which is the plan's order. */
export function aggregate(runs: readonly CaseResult[]): Aggregate[] {
  const groups = new Map<string, CaseResult[]>();
  for (const run of runs) {
    // JSON of the pair: no separator character can collide with an id.
    const key = JSON.stringify([run.scenario, run.strategy, run.runtime?.id ?? null]);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map(aggregateGroup);
}

function aggregateGroup(group: CaseResult[]): Aggregate {
  // A group exists only once a run was put in it.
  const first = group[0]!;
  const ok = group.filter((run) => run.status === 'ok');
  const of = (pick: (run: CaseResult) => number): number[] => ok.map(pick);
  return {
    scenario: first.scenario,
    strategy: first.strategy,
    ...(first.runtime !== undefined ? { runtime: first.runtime.id } : {}),
    // Repetitions that measured, i.e. how many values stand behind each mean ± stdev.
    repetitions: ok.length,
    throughputRps: meanStdev(of((r) => r.throughputRps)),
    latencyMs: {
      p50: meanStdev(of((r) => r.latencyMs.p50)),
      p99: meanStdev(of((r) => r.latencyMs.p99)),
      max: minMax(of((r) => r.latencyMs.max)).max,
    },
    connections: {
      cold: spread(of((r) => r.connections.cold.opened)),
      warm: spread(of((r) => r.connections.warm.opened)),
      tlsFull: spread(of((r) => r.connections.tlsFull)),
      tlsResumed: spread(of((r) => r.connections.tlsResumed)),
      maxConcurrentStreams: minMax(of((r) => r.connections.maxConcurrentStreams)).max,
      protocol: dominantProtocol(ok.map((r) => r.connections.alpn)),
    },
    requests: sumRequests(group.map((r) => r.requests)),
    ...errorDetailsOf(group),
    halfWidth95: {
      p50: finiteOrNull(relativeHalfWidth(of((r) => r.latencyMs.p50))),
      p99: finiteOrNull(relativeHalfWidth(of((r) => r.latencyMs.p99))),
      throughput: finiteOrNull(relativeHalfWidth(of((r) => r.throughputRps))),
    },
    cpuUsPerRequest: {
      client: cpuSpread(ok.map((r) => r.cpu?.client?.usPerRequest)),
      server: cpuSpread(ok.map((r) => r.cpu?.server?.usPerRequest)),
    },
  };
}

function errorDetailsOf(group: readonly CaseResult[]): Pick<Aggregate, 'errorDetails'> {
  const errorDetails = mergeErrorDetails(group.map((r) => r.errorDetails));
  return errorDetails !== undefined ? { errorDetails } : {};
}

/** Mean ± stdev over the repetitions that recorded the figure; null when none did. */
function cpuSpread(values: ReadonlyArray<number | undefined>): CpuSpread | null {
  const recorded = values.filter((v): v is number => v !== undefined);
  return recorded.length === 0 ? null : { ...meanStdev(recorded), n: recorded.length };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The worst (largest) achieved half-width of a row's means; null when none could be estimated. */
export function worstHalfWidth(a: Pick<Aggregate, 'halfWidth95'>): number | null {
  const values = Object.values(a.halfWidth95 ?? {}).filter((x): x is number => x !== null);
  return values.length === 0 ? null : Math.max(...values);
}

function spread(values: number[]): { mean: number; min: number; max: number } {
  return { mean: meanStdev(values).mean, ...minMax(values) };
}

/**
 * The ALPN key that carried the most connections over all runs, kept raw ('h2',
 * 'http/1.1', 'none', 'cleartext'); 'mixed' when no key reaches 90 % of them, because
 * then the single label would hide a real split; 'n/a' when nothing connected.
 */
export function dominantProtocol(alpns: readonly Record<string, number>[]): string {
  const totals = new Map<string, number>();
  for (const alpn of alpns) {
    for (const [key, count] of Object.entries(alpn)) totals.set(key, (totals.get(key) ?? 0) + count);
  }
  let total = 0;
  let top: [string, number] | undefined;
  for (const [key, count] of totals) {
    total += count;
    if (!top || count > top[1]) top = [key, count];
  }
  if (!top || total === 0) return 'n/a';
  return top[1] >= DOMINANT_SHARE * total ? top[0] : 'mixed';
}

/** Request counts added up (repetitions of a row; hosts' copies of a case in `muxbench merge`). */
export function sumRequests(all: readonly RequestCounts[]): RequestCounts {
  const sum: RequestCounts = { total: 0, ok: 0, failed: 0, errors: {} };
  for (const r of all) {
    sum.total += r.total;
    sum.ok += r.ok;
    sum.failed += r.failed;
    for (const [code, n] of Object.entries(r.errors)) sum.errors[code] = (sum.errors[code] ?? 0) + n;
  }
  return sum;
}
