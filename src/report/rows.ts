/**
 * What the terminal table and the Markdown have in common: the columns, the cell text
 * of each aggregate, the scenario heading and the notes under each table. Keeping it in
 * one place is what guarantees both writers show the same numbers.
 */
import { NATIVE_RUNTIME_ID, type Aggregate, type CpuSpread, type Results, type ScenarioInfo, type Severity } from '../results.js';
import { describeAggregate } from './describe.js';
import { fmtCount, fmtMeanSpread, fmtMs, fmtRange, fmtRate, protocolLabel } from './format.js';

export const COLUMNS = [
  'strategy',
  'protocol',
  'conns cold/warm',
  'TLS full/resumed',
  'peak streams/conn',
  'p50 [ms]',
  'p99 [ms]',
  'max [ms]',
  'throughput [req/s]',
  'CPU/req [µs] client/server',
  'errors',
] as const;

/** Text columns left, numbers right, so digits line up in the terminal. */
export const ALIGN: readonly ('left' | 'right')[] = COLUMNS.map((_, i) => (i < 2 ? 'left' : 'right'));

/** Explains the columns whose names cannot carry their whole meaning. */
export const LEGEND: readonly string[] = [
  'conns cold/warm: TCP connections opened in the first round / in all later rounds (range over repetitions).',
  'peak streams/conn: most requests in flight at once on any one connection.',
  'p50, p99, max: request latency in the rounds after the cold one (the cold round pays for connecting).',
  'p50, p99, throughput: mean ± sample stdev over repetitions; max: highest of any repetition.',
  'CPU client / server: user + system CPU per request, mean ± sample stdev over repetitions: the client worker over the measured rounds, the server muxbench started over the whole case (– where not recorded or the server is not ours).',
];

const NOT_MEASURED = '–';

/**
 * The row of one aggregate. `planned` is the configured repetition count: when fewer
 * repetitions measured, the strategy cell says so, or a reader would take a single
 * run's number for a mean over all of them.
 */
export function aggregateCells(agg: Aggregate, planned = agg.repetitions, label = agg.strategy): string[] {
  const c = agg.connections;
  const name = agg.repetitions < planned ? `${label} (${agg.repetitions} of ${planned} reps)` : label;
  const errors = agg.requests.failed === 0 ? '0' : `${fmtCount(agg.requests.failed)} of ${fmtCount(agg.requests.total)}`;
  if (agg.repetitions === 0) {
    return [name, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, errors];
  }
  // One repetition has no spread: "± 0" would claim a precision that was never measured.
  const spread = (v: { mean: number; stdev: number }, fmt: (x: number) => string): string =>
    agg.repetitions > 1 ? fmtMeanSpread(v.mean, v.stdev, fmt) : fmt(v.mean);
  return [
    name,
    protocolLabel(c.protocol),
    `${fmtRange(c.cold.min, c.cold.max)} / ${fmtRange(c.warm.min, c.warm.max)}`,
    `${fmtRange(c.tlsFull.min, c.tlsFull.max)} / ${fmtRange(c.tlsResumed.min, c.tlsResumed.max)}`,
    String(c.maxConcurrentStreams),
    spread(agg.latencyMs.p50, fmtMs),
    spread(agg.latencyMs.p99, fmtMs),
    fmtMs(agg.latencyMs.max),
    spread(agg.throughputRps, fmtRate),
    cpuCell(agg),
    errors,
  ];
}

/** "30.9 ± 6.5 / 12.1 ± 0.8": client and server CPU per request (µs), each with its spread when it has one. */
export function cpuCell(agg: Pick<Aggregate, 'cpuUsPerRequest'>): string {
  const side = (v: CpuSpread | null | undefined): string =>
    v === null || v === undefined ? NOT_MEASURED : v.n > 1 ? fmtMeanSpread(v.mean, v.stdev, fmtMs) : fmtMs(v.mean);
  return `${side(agg.cpuUsPerRequest?.client)} / ${side(agg.cpuUsPerRequest?.server)}`;
}

/**
 * The row of one aggregate as every table prints it: labelled with its runtime variant
 * when the run has several, and "(n of m reps)" when fewer repetitions measured than ran
 * or were planned (a --precision run adds repetitions beyond the planned count).
 */
export function rowCells(results: Results, agg: Aggregate): string[] {
  const ran = repetitionsOfRow(results, agg.scenario, agg.strategy, agg.runtime);
  return aggregateCells(agg, Math.max(results.options.repetitions, ran), strategyLabel(results, agg.strategy, agg.runtime));
}

/** Distinct repetitions that ran (measured, failed or skipped) for one row: scenario × strategy × runtime variant. */
function repetitionsOfRow(results: Results, scenarioId: string, strategy: string, runtime: string | undefined): number {
  const reps = new Set<number>();
  for (const r of results.runs) if (r.scenario === scenarioId && r.strategy === strategy && r.runtime?.id === runtime) reps.add(r.repetition);
  return reps.size;
}

/**
 * How many repetitions the rows of a scenario ran, lowest and highest over its rows. A
 * --precision run keeps adding repetitions past `options.repetitions` (its minimum),
 * 17–18 for a 3 % target, so the configured count would understate them; a run without
 * any case yet says what was planned.
 */
export function scenarioRepetitions(results: Results, scenarioId: string): { min: number; max: number } {
  const rows = new Map<string, Set<number>>();
  for (const r of results.runs) {
    if (r.scenario !== scenarioId) continue;
    const key = JSON.stringify([r.strategy, r.runtime?.id ?? null]);
    rows.set(key, (rows.get(key) ?? new Set()).add(r.repetition));
  }
  const counts = [...rows.values()].map((s) => s.size);
  if (counts.length === 0) return { min: results.options.repetitions, max: results.options.repetitions };
  return { min: Math.min(...counts), max: Math.max(...counts) };
}

/** The facts of a scenario's heading with the repetitions its rows really ran. */
export function scenarioHeadingFacts(results: Results, scenario: ScenarioInfo): string {
  return scenarioFacts(scenario, scenarioRepetitions(results, scenario.id));
}

/** "concurrency 3, server delays 5/10/15 ms, 2 repetitions"; a range "17–18 repetitions" when rows differ. */
export function scenarioFacts(scenario: ScenarioInfo, repetitions: number | { min: number; max: number }): string {
  const reps = typeof repetitions === 'number' ? { min: repetitions, max: repetitions } : repetitions;
  const delays = scenario.delaysMs;
  const unique = [...new Set(delays)];
  const delayText =
    unique.length === 0
      ? 'no server delay'
      : unique.length === 1
        ? `server delay ${unique[0]} ms`
        : delays.length <= 6
          ? `server delays ${delays.join('/')} ms`
          : `server delays ${Math.min(...delays)}–${Math.max(...delays)} ms`;
  const shape = scenario.shape === 'sustained' && scenario.sustained !== undefined
    ? `, sustained: ${scenario.concurrency} in flight for ${scenario.sustained.durationMs} ms after ${scenario.sustained.warmupMs} ms warm-up`
    : '';
  const idle = scenario.idleMs !== undefined && scenario.idleMs.length > 0 ? `, idle ${scenario.idleMs.join('/')} ms before each round after the cold one` : '';
  const rtt = scenario.rttMs !== undefined ? `, RTT ${scenario.rttMs} ms (relay)` : '';
  const subset = scenario.strategies !== undefined ? `, ${scenario.strategies.length} built-in strategies: the default run's subset (--scenario ${scenario.id} runs every one)` : '';
  return `concurrency ${scenario.concurrency}, ${delayText}${shape}${idle}${rtt}${subset}, ${fmtRange(reps.min, reps.max)} repetition${reps.max === 1 ? '' : 's'}`;
}

export interface Note {
  /** 'skip': the case was not applicable (not a failure, but its row has no numbers). */
  severity: Exclude<Severity, 'ok'> | 'skip';
  /** Strategy id and repetition(s), e.g. "undici-h2 (rep 0)". */
  subject: string;
  message: string;
  fix: string;
}

/** With more than one runtime variant (--node, --with), rows and notes name theirs: `undici-h2 @ node26`. */
export function strategyLabel(results: Pick<Results, 'variants'>, strategy: string, runtime: string | undefined): string {
  return runtime !== undefined && (results.variants?.length ?? 0) > 1 && runtime !== NATIVE_RUNTIME_ID ? `${strategy} @ ${runtime}` : strategy;
}

/** The describe sentence of each aggregate of the scenario, in table order. */
export function describeLines(results: Results, scenario: ScenarioInfo): string[] {
  return aggregatesOf(results, scenario.id).map((agg) => {
    const strategy = results.strategies.find((s) => s.id === agg.strategy);
    // Without the strategy's intent there is nothing to compare against; say so rather
    // than guess one.
    const line = strategy ? describeAggregate(agg, scenario, strategy) : `${agg.strategy}: not listed in results.strategies.`;
    const label = strategyLabel(results, agg.strategy, agg.runtime);
    return label === agg.strategy ? line : `${label}: ${line.replace(/^[^:]*: /, '')}`;
  });
}

export function aggregatesOf(results: Results, scenarioId: string): Aggregate[] {
  return results.aggregates.filter((a) => a.scenario === scenarioId);
}

/**
 * Warn/fail verdicts and cases that could not run or were skipped, in run order. A verdict repeated
 * word for word by several repetitions is shown once, naming all of them: the reader
 * needs to know it recurred, not to read it twice.
 */
export function notesOf(results: Results, scenarioId: string): Note[] {
  const byKey = new Map<string, { note: Omit<Note, 'subject'>; strategy: string; reps: number[] }>();
  const add = (strategy: string, rep: number, note: Omit<Note, 'subject'>): void => {
    const key = JSON.stringify([strategy, note.severity, note.message, note.fix]);
    const seen = byKey.get(key);
    if (seen) seen.reps.push(rep);
    else byKey.set(key, { note, strategy, reps: [rep] });
  };
  for (const run of results.runs) {
    if (run.scenario !== scenarioId) continue;
    const strategy = strategyLabel(results, run.strategy, run.runtime?.id);
    if (run.status === 'error') {
      const what = run.error ? `${run.error.code}: ${run.error.message}` : 'unknown error';
      add(strategy, run.repetition, { severity: 'fail', message: `could not run: ${what}`, fix: '' });
    } else if (run.status === 'skipped') {
      add(strategy, run.repetition, { severity: 'skip', message: `skipped: ${run.skipReason ?? 'no reason given'}`, fix: '' });
    }
    for (const v of run.verdicts) {
      if (v.severity === 'ok') continue;
      add(strategy, run.repetition, { severity: v.severity, message: v.message, fix: v.fix });
    }
  }
  return [...byKey.values()].map(({ note, strategy, reps }) => ({
    ...note,
    subject: `${strategy} (rep${reps.length > 1 ? 's' : ''} ${reps.join(', ')})`,
  }));
}

export const SEVERITY_MARK: Record<Note['severity'], string> = { warn: '⚠', fail: '✗', skip: '–' };

export function targetLine(results: Results): string {
  const { kind, origin, mtls, rttMs, rttJitterMs, bandwidthMbps } = results.target;
  const jitter = rttJitterMs ? ` +0…${rttJitterMs} ms jitter` : '';
  const cap = bandwidthMbps !== undefined ? `, ${bandwidthMbps} Mbit/s each way` : '';
  const rtt = rttMs !== undefined ? ` · RTT ${rttMs} ms${jitter}${cap} (relay)` : '';
  const warmup = results.options.warmup;
  const warmed = warmup ? ` · warmed up by ${warmup.cases} discarded case${warmup.cases === 1 ? '' : 's'} (${(warmup.ms / 1000).toFixed(1)} s)` : '';
  return `${kind} ${origin}${mtls ? ' (mTLS)' : ''}${rtt}${warmed}`;
}
