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
  CaseCpu,
  CaseHistograms,
  CaseResult,
  CaseClientMemory,
  CaseServerMemory,
  ConnectionCounts,
  ConnectionSummary,
  CpuPerRequest,
  HostInfo,
  LatencySummary,
  LifetimeResult,
  NotJudged,
  OpenLoopSummary,
  PhaseBreakdown,
  Results,
  ServerCounts,
  Verdict,
} from '../results.js';
import { perRequest } from '../run/case-result.js';
import { aggregate, sumRequests } from '../stats/aggregate.js';
import { mergeErrorDetails } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { withReferenceRatios } from '../stats/reference.js';
import { MAX_IDLE_SAMPLES } from '../targets/server-lifetime.js';
import { PhaseHistogramSet } from '../trace/phase-histograms.js';
import { definedOnly } from '../defined.js';

/**
 * What a merge does with each field: 'merged' (it comes out of the merge, from every host)
 * or 'dropped' (left out on purpose; the entry's comment says why). A field added to
 * CaseResult, ConnectionSummary, ServerCounts, LifetimeResult or CpuPerRequest fails the
 * typecheck until it is listed here, and merge-fields.test.ts fails while a field listed
 * 'merged' does not come out of merging two real cases.
 */
export type MergeDisposition = 'merged' | 'dropped';

export const CASE_FIELDS = {
  scenario: 'merged',
  strategy: 'merged',
  repetition: 'merged',
  concurrency: 'merged',
  status: 'merged',
  error: 'merged',
  skipReason: 'merged',
  requests: 'merged',
  errorDetails: 'merged',
  connections: 'merged',
  latencyMs: 'merged',
  coldLatencyMs: 'merged',
  coldRoundMs: 'merged',
  throughputRps: 'merged',
  rounds: 'merged',
  durationMs: 'merged',
  verdicts: 'merged',
  notJudged: 'merged',
  phasesMs: 'merged',
  openLoop: 'merged',
  runtime: 'merged',
  client: 'merged',
  cpu: 'merged',
  histograms: 'merged',
  serverMemory: 'merged',
  clientMemory: 'merged',
  harness: 'merged',
  lifetime: 'merged',
} as const satisfies Record<keyof CaseResult, MergeDisposition>;

export const CONNECTION_FIELDS = {
  opened: 'merged',
  tlsFull: 'merged',
  tlsResumed: 'merged',
  alpn: 'merged',
  serverAccepted: 'merged',
  maxConcurrentStreams: 'merged',
  requestsPerConnection: 'merged',
  unused: 'merged',
  cold: 'merged',
  warm: 'merged',
  server: 'merged',
  relayAccepted: 'merged',
  goaways: 'merged',
  goawayCodes: 'merged',
  refusedStreams: 'merged',
  remoteMaxConcurrentStreams: 'merged',
  failuresAfterGoaway: 'merged',
  failuresOnReused: 'merged',
  failuresOnReusedCodes: 'merged',
  failuresOnReusedIdleMs: 'merged',
} as const satisfies Record<keyof ConnectionSummary, MergeDisposition>;

export const SERVER_FIELDS = {
  accepted: 'merged',
  tlsFull: 'merged',
  tlsResumed: 'merged',
  requestsByProtocol: 'merged',
  alpn: 'merged',
  maxConcurrentStreams: 'merged',
  loggedConnections: 'merged',
  requestBodyBytes: 'merged',
} as const satisfies Record<keyof ServerCounts, MergeDisposition>;

export const LIFETIME_FIELDS = {
  origins: 'merged',
  gapsMs: 'merged',
  opened: 'merged',
  openOverTime: 'merged',
  peakOpen: 'merged',
  closedByClient: 'merged',
  closedByClientIdleMs: 'merged',
  closedByServer: 'merged',
  openAtEnd: 'merged',
  openAtEndMinIdleMs: 'merged',
  perOrigin: 'merged',
} as const satisfies Record<keyof LifetimeResult, MergeDisposition>;

export const CPU_FIELDS = {
  usPerRequest: 'merged',
  totalUs: 'merged',
  userUs: 'merged',
  systemUs: 'merged',
  requests: 'merged',
} as const satisfies Record<keyof CpuPerRequest, MergeDisposition>;

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
    // The warm-up's duration differs from host to host; its number of cases may not.
    options: { ...r.options, warmup: r.options.warmup?.cases ?? 0 },
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
    options: mergedOptions(inputs.map((i) => i.results)),
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
    ...definedOnly({ requestBodyBytes: optionalSum(servers.map((s) => s.requestBodyBytes))?.value }),
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
  const relay = optionalSum(all.map((c) => c.relayAccepted));
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
    ...definedOnly({ relayAccepted: relay?.value }),
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
  return onceEach(
    all,
    (v) => [v.rule, v.severity, v.message],
    (v, hosts) => ({ ...v, message: `${hosts}: ${v.message}` }),
  );
}

/** Rules some host could not judge, as verdicts: once each, naming the hosts when not all of them. */
function mergeNotJudged(all: readonly (NotJudged[] | undefined)[]): NotJudged[] | undefined {
  if (all.every((n) => n === undefined)) return undefined;
  return onceEach(
    all.map((n) => n ?? []),
    (n) => [n.rule, n.reason],
    (n, hosts) => ({ ...n, reason: `${hosts}: ${n.reason}` }),
  );
}

/** Each host's entries once each; `named` labels an entry only some hosts had ("host 1, 3"). */
function onceEach<T>(all: readonly (readonly T[])[], identity: (t: T) => unknown[], named: (t: T, hosts: string) => T): T[] {
  const seen = new Map<string, { item: T; hosts: number[] }>();
  all.forEach((items, host) => {
    for (const item of items) {
      const key = JSON.stringify(identity(item));
      const entry = seen.get(key);
      if (entry) entry.hosts.push(host + 1);
      else seen.set(key, { item, hosts: [host + 1] });
    }
  });
  return [...seen.values()].map(({ item, hosts }) => (hosts.length === all.length ? item : named(item, `host ${hosts.join(', ')}`)));
}

/**
 * CPU per request over the hosts: the request-weighted mean of theirs, which is their CPU
 * time summed over their requests summed. Each host had its own client, and a server of
 * muxbench's own is each host's own too (a shared target is not ours: no server figure).
 * A host with no figure (no request in its window, or a server not ours) adds nothing.
 */
function mergeCpuPart(all: readonly (CpuPerRequest | null | undefined)[]): CpuPerRequest | null {
  const present = all.filter((c): c is CpuPerRequest => c != null);
  if (present.length === 0) return null;
  const parts = present.every((c) => c.userUs !== undefined && c.systemUs !== undefined)
    ? { userUs: sum(present.map((c) => c.userUs!)), systemUs: sum(present.map((c) => c.systemUs!)) }
    : {};
  return perRequest(
    sum(present.map((c) => c.totalUs)),
    sum(present.map((c) => c.requests)),
    parts,
  );
}

function mergeCpu(all: readonly (CaseCpu | undefined)[]): CaseCpu | undefined {
  if (all.every((c) => c === undefined)) return undefined;
  return { client: mergeCpuPart(all.map((c) => c?.client)), server: mergeCpuPart(all.map((c) => c?.server)) };
}

/**
 * The servers' RSS together: it is only ever each host's own server (a shared target is
 * not ours and has none), and the server's counts add up the same way. The summed peak is
 * an upper bound on what they held at one moment: the hosts' peaks need not coincide.
 * Absent unless every host has it, as a part of the servers would pass for all of them.
 */
/**
 * Each host's own client worker: before and peak add up (the hosts' workers together held
 * that much, at most, as their peaks need not fall at one instant), so memory per
 * connection divided by the summed connections stays one host's figure. The sampling
 * interval is the coarsest host's. Absent unless every host has it.
 */
function mergeClientMemory(all: readonly (CaseClientMemory | undefined)[]): CaseClientMemory | undefined {
  if (all.some((m) => m === undefined)) return undefined;
  const memory = all as CaseClientMemory[];
  return {
    rssBeforeBytes: sum(memory.map((m) => m.rssBeforeBytes)),
    rssPeakBytes: sum(memory.map((m) => m.rssPeakBytes)),
    heapBeforeBytes: sum(memory.map((m) => m.heapBeforeBytes)),
    heapPeakBytes: sum(memory.map((m) => m.heapPeakBytes)),
    sampleMs: Math.max(...memory.map((m) => m.sampleMs)),
  };
}

function mergeServerMemory(all: readonly (CaseServerMemory | undefined)[]): CaseServerMemory | undefined {
  if (all.some((m) => m === undefined)) return undefined;
  const memory = all as CaseServerMemory[];
  return { rssBeforeBytes: sum(memory.map((m) => m.rssBeforeBytes)), rssPeakBytes: sum(memory.map((m) => m.rssPeakBytes)) };
}

/**
 * The lifetime figures of every host's own server (the scenario needs a server of
 * muxbench's own): connections are distinct per host, so counts add, also per origin
 * position and per mark of `openOverTime` (the same burst of the same schedule on every
 * host; its `atMs` is the latest host's, each host timing from its own first burst).
 * `peakOpen` is the sum of the hosts' peaks: an upper bound, as their peaks need not fall
 * at one instant. Idle times concatenate, host by host, up to the same 1000 a host keeps.
 * Absent unless every host has it (a host whose case failed has none), like the server's counts.
 */
function mergeLifetime(all: readonly (LifetimeResult | undefined)[]): LifetimeResult | undefined {
  if (all.some((l) => l === undefined)) return undefined;
  const lifetimes = all as LifetimeResult[];
  const first = lifetimes[0]!;
  const stillOpenIdle = lifetimes.map((l) => l.openAtEndMinIdleMs).filter((ms): ms is number => ms !== null);
  return {
    origins: first.origins,
    gapsMs: first.gapsMs,
    opened: sum(lifetimes.map((l) => l.opened)),
    openOverTime: first.openOverTime.map(({ label }) => {
      const marks = lifetimes.flatMap((l) => l.openOverTime.filter((p) => p.label === label));
      return { atMs: Math.max(...marks.map((p) => p.atMs)), open: sum(marks.map((p) => p.open)), label };
    }),
    peakOpen: sum(lifetimes.map((l) => l.peakOpen)),
    closedByClient: sum(lifetimes.map((l) => l.closedByClient)),
    closedByClientIdleMs: lifetimes.flatMap((l) => l.closedByClientIdleMs).slice(0, MAX_IDLE_SAMPLES),
    closedByServer: sum(lifetimes.map((l) => l.closedByServer)),
    openAtEnd: sum(lifetimes.map((l) => l.openAtEnd)),
    openAtEndMinIdleMs: stillOpenIdle.length > 0 ? Math.min(...stillOpenIdle) : null,
    perOrigin: first.perOrigin.map(({ origin }) => {
      const mine = lifetimes.flatMap((l) => l.perOrigin.filter((o) => o.origin === origin));
      return {
        origin,
        opened: sum(mine.map((o) => o.opened)),
        peakOpen: sum(mine.map((o) => o.peakOpen)),
        closedByClient: sum(mine.map((o) => o.closedByClient)),
        closedByServer: sum(mine.map((o) => o.closedByServer)),
        openAtEnd: sum(mine.map((o) => o.openAtEnd)),
      };
    }),
  };
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
    ...definedOnly({
      notJudged: mergeNotJudged(all.map((r) => r.notJudged)),
      phasesMs,
      openLoop,
      runtime: first.runtime,
      // How an external client's command or a Bun/Deno harness ran: the host whose status
      // stands for the case, so its exit code goes with its error.
      client: worst.client ?? first.client,
      harness: worst.harness ?? first.harness,
      cpu: mergeCpu(all.map((r) => r.cpu)),
      serverMemory: mergeServerMemory(all.map((r) => r.serverMemory)),
      clientMemory: mergeClientMemory(all.map((r) => r.clientMemory)),
      lifetime: mergeLifetime(all.map((r) => r.lifetime)),
    }),
    ...(all.some((r) => r.histograms !== undefined) ? { histograms: merged.histograms } : {}),
  };
}

/** The command's options, with the longest warm-up of the hosts (the cases are the same on each). */
function mergedOptions(all: readonly Results[]): Results['options'] {
  const [first] = all as [Results, ...Results[]];
  // checkMergeable refused files whose warm-ups differ in cases: all have one, or none.
  if (!first.options.warmup) return first.options;
  return { ...first.options, warmup: { cases: first.options.warmup.cases, ms: Math.max(...all.map((r) => r.options.warmup?.ms ?? 0)) } };
}
