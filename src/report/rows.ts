/**
 * What the terminal table and the Markdown have in common: the columns, the cell text
 * of each aggregate, the scenario heading and the notes under each table. Keeping it in
 * one place is what guarantees both writers show the same numbers.
 */
import { NATIVE_RUNTIME_ID, type Aggregate, type Environment, type Results, type ScenarioInfo, type Severity } from '../results.js';
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
    return [name, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, errors];
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
    errors,
  ];
}

/** "concurrency 3, server delays 5/10/15 ms, 2 repetitions" */
export function scenarioFacts(scenario: ScenarioInfo, repetitions: number): string {
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
  return `concurrency ${scenario.concurrency}, ${delayText}${shape}${idle}, ${repetitions} repetition${repetitions === 1 ? '' : 's'}`;
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

/** "Node v20.20.2 · OpenSSL 3.0.19 · nghttp2 1.61.0 · linux … · 4 × CPU · undici 7.16.0" */
export function environmentLine(env: Environment): string {
  const deps = Object.entries(env.dependencies).map(([name, version]) => `${name} ${version}`);
  return [`Node ${env.node}`, `OpenSSL ${env.openssl}`, `nghttp2 ${env.nghttp2}`, env.os, `${env.cpus} × ${env.cpuModel}`, ...deps].join(' · ');
}

/** "node26: Node 26.10.0, undici 8.13.1, got 16.1.0", one per variant: what the cases ran on (the environment is muxbench's own process). */
export function variantLines(results: Results): string[] {
  return (results.variants ?? []).map((v) => {
    if (v.engine !== undefined) {
      // The Node compatibility level the runtime reports, as its harness saw it.
      const compat = results.runs.find((r) => r.runtime?.id === v.id && r.runtime.node !== 'unknown')?.runtime?.node;
      const name = v.engine === 'bun' ? 'Bun' : 'Deno';
      return `${v.id}: ${name} ${v.engineVersion ?? ''}${compat !== undefined ? ` (reports Node ${compat})` : ''}, its own fetch, node:http2 and node:https run by a harness: connections counted by the server, latency by ${name}'s clock`;
    }
    const libs = Object.entries(v.packages).map(([n, version]) => `${n} ${version}`).join(', ');
    return `${v.id}: Node ${v.node}${libs ? `, ${libs}` : ''}${v.skipReason ? ` — skipped: ${v.skipReason}` : ''}`;
  });
}

export function targetLine(results: Results): string {
  const { kind, origin, mtls } = results.target;
  return `${kind} ${origin}${mtls ? ' (mTLS)' : ''}`;
}
