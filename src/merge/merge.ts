/**
 * `muxbench merge`: results files from several hosts that ran the same command (against
 * one target, at the same time) become one results file. Each case (scenario × strategy ×
 * repetition × runtime variant) of every file is folded into one case: counts are summed,
 * latency histograms added bucket for bucket, so the merged percentiles are those of all
 * the hosts' requests recorded together (to HDR's 3 significant digits, as on one host).
 * The hosts' environments and provenance are kept in `hosts`. Pure: files in, results out.
 */
import { UsageError } from '../errors.js';
import type {
  CaseHistograms,
  CaseResult,
  ConnectionCounts,
  ConnectionSummary,
  HostInfo,
  LatencySummary,
  OpenLoopSummary,
  PhaseBreakdown,
  Results,
  ServerCounts,
  Verdict,
} from '../results.js';
import { aggregate, sumRequests } from '../stats/aggregate.js';
import { mergeErrorDetails } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { withReferenceRatios } from '../stats/reference.js';
import { PhaseHistogramSet } from '../trace/phase-histograms.js';
import { definedOnly } from '../defined.js';

export interface MergeInput {
  /** The path as given on the command line: it names the host in messages and in `hosts`. */
  file: string;
  results: Results;
}

export interface MergeContext {
  /** The command line that made the merged file. */
  command: string;
  toolVersion: string;
}

/** The identity of a case across hosts. */
function caseKey(run: CaseResult): string {
  return JSON.stringify([run.scenario, run.strategy, run.repetition, run.runtime?.id ?? null]);
}

function caseName(run: CaseResult): string {
  return `${run.scenario} × ${run.strategy} repetition ${run.repetition}${run.runtime ? ` (${run.runtime.id})` : ''}`;
}

/**
 * What must be equal for two files to be one measurement split across hosts: the same
 * command's scenarios, strategies and options. Target origins may differ (each host may
 * reach the target under its own name).
 */
function shapeOf(r: Results): Record<string, unknown> {
  return {
    options: r.options,
    scenarios: r.scenarios,
    strategies: r.strategies.map((s) => s.id),
    load: r.load ?? null,
    variants: (r.variants ?? []).map((v) => v.id),
    'target kind': r.target.kind,
  };
}

/** Throws the one line that says why these files cannot be merged; returns nothing when they can. */
export function checkMergeable(inputs: readonly MergeInput[]): void {
  if (inputs.length < 2) throw new UsageError('merge needs at least two results files: muxbench merge A.json B.json … -o MERGED.json');
  const [first, ...rest] = inputs as [MergeInput, ...MergeInput[]];
  for (const input of inputs) {
    if (input.results.interrupted) {
      throw new UsageError(`${input.file} is an interrupted run; merge only runs that finished (re-run that host)`);
    }
    const bare = input.results.runs.find((run) => run.status === 'ok' && run.histograms === undefined);
    if (bare) {
      throw new UsageError(
        `${input.file} has no latency histograms (written before results carried them, or by muxbench ${input.results.tool.version}); re-run that host with this muxbench to merge it`,
      );
    }
  }
  const shape = shapeOf(first.results);
  const keys = new Set(first.results.runs.map(caseKey));
  for (const other of rest) {
    const otherShape = shapeOf(other.results);
    const differs = Object.keys(shape).filter((k) => JSON.stringify(shape[k]) !== JSON.stringify(otherShape[k]));
    if (differs.length > 0) {
      throw new UsageError(
        `${first.file} and ${other.file} measured different ${differs.join(', ')}; merge only files written by the same 'muxbench run' command`,
      );
    }
    const otherKeys = new Set(other.results.runs.map(caseKey));
    const missing =
      first.results.runs.find((run) => !otherKeys.has(caseKey(run))) ?? other.results.runs.find((run) => !keys.has(caseKey(run)));
    if (missing) {
      const lacking = keys.has(caseKey(missing)) ? other.file : first.file;
      throw new UsageError(
        `${lacking} has no case ${caseName(missing)} that the other file has; merge only files written by the same 'muxbench run' command (without --precision)`,
      );
    }
  }
}

export function mergeResults(inputs: readonly MergeInput[], context: MergeContext): Results {
  checkMergeable(inputs);
  const first = inputs[0]!.results;
  const byKey = inputs.map((input) => new Map(input.results.runs.map((run) => [caseKey(run), run])));
  const runs = first.runs.map((run) => mergeCase(byKey.map((m) => m.get(caseKey(run))!)));
  // A file that is itself a merge brings its hosts, not itself: merges nest.
  const hosts: HostInfo[] = inputs.flatMap(({ file, results }) => results.hosts ?? {
    file,
    tool: results.tool,
    command: results.command,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    environment: results.environment,
    ...definedOnly({ provenance: results.provenance }),
    target: results.target,
  });
  const started = inputs.map((i) => i.results.startedAt).sort()[0]!;
  const finished = inputs.map((i) => i.results.finishedAt);
  return {
    schemaVersion: first.schemaVersion,
    tool: { name: 'muxbench', version: context.toolVersion },
    startedAt: started,
    finishedAt: finished.includes(null) ? null : (finished as string[]).sort().at(-1)!,
    command: context.command,
    // A results file has one environment; the first host's stands for the merged file, and
    // every host's own (and its provenance: load, governor, commit) is in `hosts`.
    environment: first.environment,
    target: first.target,
    options: first.options,
    strategies: first.strategies,
    scenarios: first.scenarios,
    runs,
    aggregates: withReferenceRatios(aggregate(runs)),
    ...definedOnly({ reference: first.reference, load: first.load, variants: first.variants }),
    hosts,
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function sumRecords(records: readonly (Record<string, number> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, n] of Object.entries(r ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

function sumCounts(all: readonly ConnectionCounts[]): ConnectionCounts {
  return {
    opened: sum(all.map((c) => c.opened)),
    tlsFull: sum(all.map((c) => c.tlsFull)),
    tlsResumed: sum(all.map((c) => c.tlsResumed)),
    alpn: sumRecords(all.map((c) => c.alpn)),
  };
}

function sumServer(all: readonly (ServerCounts | null)[]): ServerCounts | null {
  if (all.some((s) => s === null)) return null;
  const servers = all as ServerCounts[];
  const logged = servers.map((s) => s.loggedConnections);
  return {
    accepted: sum(servers.map((s) => s.accepted)),
    tlsFull: sum(servers.map((s) => s.tlsFull)),
    tlsResumed: sum(servers.map((s) => s.tlsResumed)),
    requestsByProtocol: sumRecords(servers.map((s) => s.requestsByProtocol)),
    alpn: sumRecords(servers.map((s) => s.alpn)),
    // A per-connection figure: the busiest connection of any host.
    maxConcurrentStreams: Math.max(...servers.map((s) => s.maxConcurrentStreams)),
    ...(logged.every((n) => n !== undefined) ? { loggedConnections: sum(logged as number[]) } : {}),
  };
}

/** An optional count: summed when any host has it, absent when none does (older files). */
function optionalSum(values: readonly (number | undefined)[]): { value: number } | undefined {
  return values.some((v) => v !== undefined) ? { value: sum(values.map((v) => v ?? 0)) } : undefined;
}

function mergeConnections(all: readonly ConnectionSummary[]): ConnectionSummary {
  const serverAccepted = all.map((c) => c.serverAccepted);
  const remoteLimits = all.map((c) => c.remoteMaxConcurrentStreams).filter((n): n is number => typeof n === 'number');
  const goaways = optionalSum(all.map((c) => c.goaways));
  const refused = optionalSum(all.map((c) => c.refusedStreams));
  const afterGoaway = optionalSum(all.map((c) => c.failuresAfterGoaway));
  const onReused = optionalSum(all.map((c) => c.failuresOnReused));
  return {
    ...sumCounts(all),
    serverAccepted: serverAccepted.includes(null) ? null : sum(serverAccepted as number[]),
    maxConcurrentStreams: Math.max(0, ...all.map((c) => c.maxConcurrentStreams)),
    // Host by host, each in its own opening order.
    requestsPerConnection: all.flatMap((c) => c.requestsPerConnection),
    unused: sum(all.map((c) => c.unused)),
    cold: sumCounts(all.map((c) => c.cold)),
    warm: sumCounts(all.map((c) => c.warm)),
    server: sumServer(all.map((c) => c.server)),
    ...(goaways ? { goaways: goaways.value, goawayCodes: sumRecords(all.map((c) => c.goawayCodes)) } : {}),
    ...(refused ? { refusedStreams: refused.value } : {}),
    ...(all.some((c) => c.remoteMaxConcurrentStreams !== undefined)
      ? { remoteMaxConcurrentStreams: remoteLimits.length > 0 ? Math.min(...remoteLimits) : null }
      : {}),
    ...(afterGoaway ? { failuresAfterGoaway: afterGoaway.value } : {}),
    ...(onReused
      ? {
          failuresOnReused: onReused.value,
          failuresOnReusedCodes: sumRecords(all.map((c) => c.failuresOnReusedCodes)),
          failuresOnReusedIdleMs: all.flatMap((c) => c.failuresOnReusedIdleMs ?? []),
        }
      : {}),
  };
}

/** One host's share of a latency distribution: its histogram and the summary recorded with it. */
interface LatencyPart {
  encoded: string | undefined;
  summary: LatencySummary | undefined;
}

/**
 * Adds the hosts' histograms; a host that measured nothing (an error case) adds nothing.
 * The summary's min and max are the hosts' exact ones (a decoded histogram knows them only
 * to their bucket); everything else comes from the added histogram.
 */
function addLatency(parts: readonly LatencyPart[]): { recorder: LatencyRecorder; summary: LatencySummary } {
  const recorder = new LatencyRecorder();
  let extremes: { min: number; max: number } | undefined;
  let exact = true;
  for (const part of parts) {
    if (part.encoded === undefined) continue;
    const one = LatencyRecorder.decode(part.encoded);
    if (one.count === 0) continue;
    recorder.merge(one);
    if (part.summary === undefined) exact = false;
    else extremes = { min: Math.min(extremes?.min ?? Infinity, part.summary.min), max: Math.max(extremes?.max ?? 0, part.summary.max) };
  }
  return { recorder, summary: recorder.summary(exact ? extremes : undefined) };
}

interface MergedHistograms {
  histograms: CaseHistograms;
  latency: LatencySummary;
  cold: LatencySummary;
  uncorrected?: LatencySummary;
  phases?: PhaseHistogramSet;
}

function mergeHistograms(all: readonly CaseResult[]): MergedHistograms {
  const latency = addLatency(all.map((r) => ({ encoded: r.histograms?.latency, summary: r.latencyMs })));
  const cold = addLatency(all.map((r) => ({ encoded: r.histograms?.coldLatency, summary: r.coldLatencyMs })));
  const present = all.map((r) => r.histograms).filter((h): h is CaseHistograms => h !== undefined);
  const uncorrected = present.some((h) => h.uncorrectedLatency !== undefined)
    ? addLatency(all.map((r) => ({ encoded: r.histograms?.uncorrectedLatency, summary: r.openLoop?.uncorrectedLatencyMs })))
    : undefined;
  let phases: PhaseHistogramSet | undefined;
  if (present.length > 0 && present.every((h) => h.phases !== undefined)) {
    phases = new PhaseHistogramSet();
    for (const h of present) {
      const one = PhaseHistogramSet.decode(h.phases!);
      phases.newConnection.merge(one.newConnection);
      phases.reused.merge(one.reused);
    }
  }
  return {
    histograms: {
      latency: latency.recorder.encode(),
      coldLatency: cold.recorder.encode(),
      ...(phases !== undefined ? { phases: phases.encode() } : {}),
      ...(uncorrected !== undefined ? { uncorrectedLatency: uncorrected.recorder.encode() } : {}),
    },
    latency: latency.summary,
    cold: cold.summary,
    ...(uncorrected !== undefined ? { uncorrected: uncorrected.summary } : {}),
    ...definedOnly({ phases }),
  };
}

/**
 * Each host's verdicts, once each: a verdict every host gave stays as it is; one only some
 * hosts gave names them. Verdicts are not recomputed on the merged counts: a one-connection
 * strategy on 3 hosts opens 3 connections, which is right, and no rule knows that.
 */
function mergeVerdicts(all: readonly Verdict[][]): Verdict[] {
  const seen = new Map<string, { verdict: Verdict; hosts: number[] }>();
  all.forEach((verdicts, host) => {
    for (const v of verdicts) {
      const key = JSON.stringify([v.rule, v.severity, v.message]);
      const entry = seen.get(key);
      if (entry) entry.hosts.push(host + 1);
      else seen.set(key, { verdict: v, hosts: [host + 1] });
    }
  });
  return [...seen.values()].map(({ verdict, hosts }) =>
    hosts.length === all.length ? verdict : { ...verdict, message: `host ${hosts.join(', ')}: ${verdict.message}` },
  );
}

function mergePhases(all: readonly (PhaseBreakdown | undefined)[], phases: PhaseHistogramSet | undefined): PhaseBreakdown | undefined {
  if (phases === undefined || all.some((p) => p === undefined)) return undefined;
  return {
    newConnection: phases.newConnection.stats(),
    reused: phases.reused.stats(),
    uncorrelated: sum(all.map((p) => p!.uncorrelated)),
  };
}

function mergeOpenLoop(all: readonly (OpenLoopSummary | undefined)[], merged: MergedHistograms): OpenLoopSummary | undefined {
  const present = all.filter((o): o is OpenLoopSummary => o !== undefined);
  const first = present[0];
  if (first === undefined) return undefined;
  return {
    // The hosts' arrivals together: the rate the target saw.
    rateRps: sum(present.map((o) => o.rateRps)),
    durationMs: first.durationMs,
    maxInFlight: sum(present.map((o) => o.maxInFlight)),
    maxBacklog: sum(present.map((o) => o.maxBacklog)),
    scheduled: sum(present.map((o) => o.scheduled)),
    sent: sum(present.map((o) => o.sent)),
    late: sum(present.map((o) => o.late)),
    lateThresholdMs: first.lateThresholdMs,
    dropped: sum(present.map((o) => o.dropped)),
    maxLagMs: Math.max(...present.map((o) => o.maxLagMs)),
    correctedLatencyMs: merged.latency,
    uncorrectedLatencyMs: merged.uncorrected ?? new LatencyRecorder().summary(),
  };
}

const STATUS_RANK: Record<CaseResult['status'], number> = { ok: 0, skipped: 1, error: 2 };

function optionalErrorDetails(all: readonly CaseResult[]): Pick<CaseResult, 'errorDetails'> {
  const errorDetails = mergeErrorDetails(all.map((r) => r.errorDetails));
  return errorDetails !== undefined ? { errorDetails } : {};
}

function mergeCase(all: readonly CaseResult[]): CaseResult {
  const first = all[0]!;
  // The worst status stands for the case: one host that could not run it is not hidden.
  const worst = all.reduce((a, b) => (STATUS_RANK[b.status] > STATUS_RANK[a.status] ? b : a));
  const merged = mergeHistograms(all);
  const samples = sum(all.map((r) => r.rounds.samples));
  const phasesMs = mergePhases(
    all.map((r) => r.phasesMs),
    merged.phases,
  );
  const openLoop = mergeOpenLoop(
    all.map((r) => r.openLoop),
    merged,
  );
  return {
    scenario: first.scenario,
    strategy: first.strategy,
    repetition: first.repetition,
    // Per host: the scenario's C; the target saw hosts × C.
    concurrency: first.concurrency,
    status: worst.status,
    ...definedOnly({ error: worst.error, skipReason: worst.skipReason }),
    requests: sumRequests(all.map((r) => r.requests)),
    // What the failed requests said, per code: counts add up, the first messages of every host are kept.
    ...optionalErrorDetails(all),
    connections: mergeConnections(all.map((r) => r.connections)),
    latencyMs: merged.latency,
    coldLatencyMs: merged.cold,
    coldRoundMs: Math.max(...all.map((r) => r.coldRoundMs)),
    // The hosts ran at the same time: together they delivered the sum.
    throughputRps: sum(all.map((r) => r.throughputRps)),
    rounds: {
      samples,
      warmupRounds: first.rounds.warmupRounds,
      meanMs: samples > 0 ? sum(all.map((r) => r.rounds.meanMs * r.rounds.samples)) / samples : 0,
      // The widest host's margin: the hosts' rounds are not one series to pool.
      rmePercent: Math.max(...all.map((r) => r.rounds.rmePercent)),
    },
    durationMs: Math.max(...all.map((r) => r.durationMs)),
    verdicts: mergeVerdicts(all.map((r) => r.verdicts)),
    ...definedOnly({ phasesMs, openLoop, runtime: first.runtime, client: first.client }),
    ...(all.some((r) => r.histograms !== undefined) ? { histograms: merged.histograms } : {}),
  };
}
