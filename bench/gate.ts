/**
 * `npm run bench:gate`: does the release gate cry wolf, and does it catch a real slowdown?
 *
 *   N A/A pairs: the same suite twice, back to back, same code; every gate failure is a
 *   false positive. One A/B pair: the second run has http2-single-session replaced by
 *   bench/slow-2ms.ts (2 ms after every response); the gate should flag its rows and no
 *   other. Prints the false-positive count, whether the slowdown was caught, and per row
 *   the smallest slowdown it could detect (median over the A/A pairs).
 *
 *   npm run bench:gate -- --pairs 5                         # the default suite (slow)
 *   npm run bench:gate -- --pairs 2 -- --scenario seed --repetitions 5   # shorter
 *   npm run bench:gate -- --pairs 5 --gate 'burst/http2-single-session/p50'   # a declared gate
 *
 *   --one-run [--burn µs]: old against new in ONE run, `--pairs` times: bench/probe-gate.ts's
 *   plain client, its A/A twin and a copy burning --burn µs of CPU per response
 *   (default 4), interleaved and compared paired by repetition (docs/release-gate.md).
 *   --metrics p50 gates those metrics of the probe's rows (default p50,throughput).
 *
 *   --two-run [--burn µs] [--burn-small µs]: the release gate across two runs, as a team
 *   runs it: bench/probe-gated.ts (one strategy, `h2-gated`) with --gate rows naming it
 *   (default: p50 and throughput of every scenario of the suite). Runs A0 B0 [C0] A1 B1
 *   [C1] … A(pairs): A burns 0, B --burn, C --burn-small µs per response. A/B pairs
 *   (Ai, Bi) and (Ai, Ci) count catches; A/A pairs (Ai, Ai+1) count false alarms.
 *   --small-pairs N runs C in the first N pairs only (default: every pair). Each gated
 *   row's own catches are counted too: a burn slows each scenario by its own amount.
 *
 * Arguments after `--` go to every `muxbench run` (the suite); --threshold is the gate.
 * --keep DIR writes every run's results file into DIR (run-001.json, …), to re-read later
 * with `muxbench compare` at another threshold or gate; --from DIR reads them back in the
 * same order instead of measuring, so the same campaign is decided again at another
 * --threshold without a single new run.
 * A benchmark, not a test: it reports, it asserts nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { main } from '../src/cli.js';
import { compareResults, compareWithin, gateFailures } from '../src/compare/compare.js';
import { parseGateRow, type GateRow } from '../src/gate-rows.js';
import type { Comparison } from '../src/results/comparison.js';
import type { Results } from '../src/results.js';
import { strategies } from '../src/strategies/registry.js';
import { H2LOAD_ID } from '../src/reference/h2load.js';
import { SLOWED_ID } from './slow-2ms.js';
import { defaultScenarioIds } from '../src/workload/scenarios.js';

const SLOW_FILE = fileURLToPath(new URL('./slow-2ms.ts', import.meta.url));
const PROBE_FILE = fileURLToPath(new URL('./probe-gate.ts', import.meta.url));

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const own = split === -1 ? argv : argv.slice(0, split);
/** The default suite is what `npm run bench` runs. */
const DEFAULT_SUITE = ['--precision', '3%', '--max-time', '135'];
const suite = split === -1 ? DEFAULT_SUITE : argv.slice(split + 1);
const { values } = parseArgs({
  args: own,
  options: {
    pairs: { type: 'string', default: '5' },
    threshold: { type: 'string', default: '5' },
    'no-ab': { type: 'boolean' },
    'one-run': { type: 'boolean' },
    'two-run': { type: 'boolean' },
    'burn-small': { type: 'string' },
    'small-pairs': { type: 'string' },
    metrics: { type: 'string' },
    burn: { type: 'string', default: '4' },
    gate: { type: 'string', multiple: true },
    keep: { type: 'string' },
    from: { type: 'string' },
    'from-any-gate': { type: 'boolean' },
  },
});
/** The declared gate of the two-run comparisons (--gate scenario/strategy/metric, repeatable); none = every latency and throughput row. */
const gate = (values.gate ?? []).map((g) => parseGateRow(g));
const pairs = Number(values.pairs);
const threshold = Number(String(values.threshold).replace('%', '')) / 100;
if (!(pairs >= 0 && Number.isInteger(pairs)) || !(threshold > 0)) {
  process.stderr.write('bench:gate: --pairs must be a whole number ≥ 0 and --threshold a percentage, e.g. --pairs 5 --threshold 5%\n');
  process.exit(2);
}

/**
 * One `muxbench run` of the suite (plus `extra`), in this process; its results as JSON. A
 * run that fails outright (the server did not start on an overloaded machine) is tried
 * once more, and said so.
 */
async function measure(extra: string[]): Promise<Results> {
  if (values.from !== undefined) return reread(values.from, extra);
  try {
    return await measureOnce(extra);
  } catch (error) {
    // Interrupted (SIGINT/SIGTERM: the run exits 130/143): stop, do not measure again.
    if (error instanceof RunExit && (error.code === 130 || error.code === 143)) process.exit(error.code);
    process.stderr.write(`bench:gate: ${(error as Error).message}; trying that run once more\n`);
    return measureOnce(extra);
  }
}

let rereadCount = 0;
/**
 * --from DIR: the next run kept by an earlier `--keep DIR` with the same flags, instead of
 * measuring: the same campaign decided again (another --threshold, --gate or --metrics).
 * Refused when the kept run was made with other arguments.
 */
function reread(dir: string, extra: string[]): Results {
  rereadCount++;
  const name = join(dir, `run-${String(rereadCount).padStart(3, '0')}`);
  let args: { suite: string[]; extra: string[]; burnUs: string | null };
  try {
    args = JSON.parse(readFileSync(`${name}.args`, 'utf8')) as typeof args;
  } catch {
    process.stderr.write(`bench:gate: --from ${dir} has no ${name}.args: fewer runs kept than this campaign reads (same --pairs?)\n`);
    process.exit(1);
  }
  const burnUs = process.env.MUXBENCH_PROBE_BURN_US ?? null;
  // A strategy file is the same file in another checkout: compared by its name.
  const plain = (xs: string[]): string => xs.map((x) => (isAbsolute(x) ? basename(x) : x)).join(' ');
  const same = JSON.stringify(args.suite) === JSON.stringify(suite) && args.burnUs === burnUs && plain(args.extra) === plain(extra);
  if (!same && !values['from-any-gate']) {
    process.stderr.write(`bench:gate: ${name} was run with ${JSON.stringify(args)}, this campaign asks for ${JSON.stringify({ suite, extra, burnUs })}; give the same flags (or --from-any-gate when only --gate differs)\n`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(`${name}.json`, 'utf8')) as Results;
}

/** A `muxbench run` that exited non-zero, with its exit code. */
class RunExit extends Error {
  constructor(readonly code: number) {
    super(`muxbench run exited ${code}`);
  }
}

async function measureOnce(extra: string[]): Promise<Results> {
  const out: string[] = [];
  const code = await main(['run', ...suite, ...extra, '--json', '--no-write', '--quiet'], {
    stdout: (t) => void out.push(t),
    stderr: (t) => process.stderr.write(t),
  });
  if (code !== 0) throw new RunExit(code);
  const text = out.join('');
  if (values.keep !== undefined) keepRun(values.keep, text, extra);
  return JSON.parse(text) as Results;
}

let kept = 0;
/** Writes one run's results (and the extra arguments and burn it ran with) into `dir`. */
function keepRun(dir: string, json: string, extra: string[]): void {
  mkdirSync(dir, { recursive: true });
  kept++;
  const name = `run-${String(kept).padStart(3, '0')}`;
  writeFileSync(join(dir, `${name}.json`), json);
  writeFileSync(join(dir, `${name}.args`), `${JSON.stringify({ suite, extra, burnUs: process.env.MUXBENCH_PROBE_BURN_US ?? null })}\n`);
}

const fmt = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');
const rowId = (scenario: string, strategy: string, metric: string): string => `${scenario} ${strategy} ${metric}`;
const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;

/** Per gated row over the pairs: how often it was a regression, and its mean slowdown. */
class RowTally {
  private readonly rows = new Map<string, { flagged: number; n: number; slowdowns: number[] }>();
  /** `id`: the strategy whose rows count (two files); every case of a comparison within one file. */
  add(c: Comparison, id?: string): void {
    for (const k of c.cases.filter((x) => id === undefined || x.strategy === id)) {
      for (const m of k.metrics.filter((x) => x.gated)) {
        const key = `${k.scenario} ${m.metric}`;
        const e = this.rows.get(key) ?? { flagged: 0, n: 0, slowdowns: [] };
        e.n++;
        if (m.verdict === 'regression') e.flagged++;
        if (Number.isFinite(m.slowdown)) e.slowdowns.push(m.slowdown);
        this.rows.set(key, e);
      }
    }
  }
  lines(): string {
    const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
    return [...this.rows]
      .map(([key, e]) => `  ${key.padEnd(24)} flagged in ${e.flagged} of ${e.n}; mean slowdown ${fmt(mean(e.slowdowns))}`)
      .join('\n');
  }
}

if (values['one-run']) {
  await oneRun();
  process.exit(0);
}
if (values['two-run']) {
  await twoRun();
  process.exit(0);
}

/** Each row's line: slowdown, the interval the decision used, repetitions, verdict; `id`: only that strategy's rows (two files), else every row (a comparison within one file). */
function rowLine(c: Comparison, id?: string): string {
  return c.cases
    .filter((k) => id === undefined || k.strategy === id)
    .flatMap((k) =>
      k.metrics.map((m) => {
        const ci = m.decisionInterval ? `[${fmt(m.decisionInterval.low)}, ${fmt(m.decisionInterval.high)}] @ ${(m.decisionInterval.level * 100).toFixed(2)} %` : '';
        return `  ${k.scenario} ${m.metric}${m.gated ? ' (gated)' : ''}: ${fmt(m.slowdown)} ${ci} n=${m.base.n}/${m.next.n} → ${m.verdict}`;
      }),
    )
    .join('\n');
}

/**
 * The declared gate across two runs, `pairs` times (see the header): the probe strategy
 * alone in the suite, so the budget goes to its rows as it does in a team's release script.
 */
async function twoRun(): Promise<void> {
  const burn = Number(values.burn);
  const small = values['burn-small'] === undefined ? undefined : Number(values['burn-small']);
  const { GATED_ID } = await import('./probe-gated.js');
  const file = fileURLToPath(new URL('./probe-gated.ts', import.meta.url));
  const scenarios = suiteScenarios();
  const rows = gate.length > 0 ? gate : scenarios.flatMap((s) => ['p50', 'throughput'].map((m) => parseGateRow(`${s}/${GATED_ID}/${m}`)));
  const gateArgs = rows.flatMap((r) => ['--gate', `${r.scenario}/${r.strategy}/${r.metric}`]);
  const withBurn = async (us: number): Promise<Results> => {
    process.env.MUXBENCH_PROBE_BURN_US = String(us);
    return measure(['--strategy-file', file, ...gateArgs]);
  };
  const smallPairs = values['small-pairs'] === undefined ? pairs : Math.min(pairs, Number(values['small-pairs']));
  const tally = { aa: 0, b: 0, c: 0, cPairs: 0 };
  const byRow = { b: new RowTally(), c: new RowTally(), aa: new RowTally() };
  let a = await withBurn(0);
  for (let i = 0; i < pairs; i++) {
    const b = await withBurn(burn);
    const bC = compareResults(a, b, { threshold, gate: rows });
    const bF = gateFailures(bC);
    if (bF.length > 0) tally.b++;
    byRow.b.add(bC, GATED_ID);
    console.log(`pair ${i + 1}/${pairs} (${elapsed()}): A/B ${burn} µs/response ${bF.length > 0 ? 'caught' : 'NOT caught'}\n${rowLine(bC, GATED_ID)}`);
    if (small !== undefined && i < smallPairs) {
      const c = await withBurn(small);
      const cC = compareResults(a, c, { threshold, gate: rows });
      const cF = gateFailures(cC);
      if (cF.length > 0) tally.c++;
      tally.cPairs++;
      byRow.c.add(cC, GATED_ID);
      console.log(`  A/C ${small} µs/response ${cF.length > 0 ? 'caught' : 'NOT caught'}\n${rowLine(cC, GATED_ID)}`);
    }
    const next = await withBurn(0);
    const aaC = compareResults(a, next, { threshold, gate: rows });
    const aaF = gateFailures(aaC);
    if (aaF.length > 0) tally.aa++;
    byRow.aa.add(aaC, GATED_ID);
    console.log(`  A/A ${aaF.length} gate failure(s)\n${rowLine(aaC, GATED_ID)}`);
    a = next;
  }
  console.log(`\nbench:gate --two-run: ${pairs} pair(s), threshold ${fmt(threshold)}, ${elapsed()}`);
  console.log(`suite: muxbench run ${suite.join(' ') || '(defaults)'} --strategy-file bench/probe-gated.ts ${gateArgs.join(' ')}`);
  console.log(`A/B ${burn} µs/response caught in ${tally.b} of ${pairs}\n${byRow.b.lines()}`);
  if (small !== undefined) console.log(`A/C ${small} µs/response caught in ${tally.c} of ${tally.cPairs}\n${byRow.c.lines()}`);
  console.log(`A/A false alarms in ${tally.aa} of ${pairs}\n${byRow.aa.lines()}`);
}


/** The scenarios the suite runs: its --scenario list, or the default set. */
function suiteScenarios(): string[] {
  const i = suite.indexOf('--scenario');
  const raw = i === -1 ? undefined : suite[i + 1];
  return raw === undefined ? defaultScenarioIds() : raw.split(',');
}

/**
 * Old against new in one run, `pairs` times: each run measures bench/probe-gate.ts's
 * old client, its A/A twin and the probe burning --burn µs per response, interleaved;
 * the gate is the paired comparison (compare --a/--b) on the probe's rows of every
 * scenario of the suite for p50 and throughput (the twin's, for A/A).
 */
async function oneRun(): Promise<void> {
  const burn = Number(values.burn);
  process.env.MUXBENCH_PROBE_BURN_US = String(burn);
  const { NEW_ID, OLD_ID, TWIN_ID } = await import('./probe-gate.js');
  const metrics = (values.metrics ?? 'p50,throughput').split(',');
  const rowsFor = (id: string): GateRow[] => metrics.map((m) => parseGateRow(`*/${id}/${m}`));
  let caught = 0;
  let alarms = 0;
  const oneRows = { ab: new RowTally(), aa: new RowTally() };
  for (let i = 0; i < pairs; i++) {
    // Gated on every probe row, so the scheduler spends the budget on them and old, twin and new stay paired.
    const r = await measure(['--strategy-file', PROBE_FILE, ...metrics.flatMap((m) => ['--gate', `*/*/${m}`])]);
    const aaC = compareWithin(r, OLD_ID, TWIN_ID, { threshold, gate: rowsFor(TWIN_ID) });
    const abC = compareWithin(r, OLD_ID, NEW_ID, { threshold, gate: rowsFor(NEW_ID) });
    const aaF = gateFailures(aaC);
    const abF = gateFailures(abC);
    if (aaF.length > 0) alarms++;
    if (abF.length > 0) caught++;
    oneRows.ab.add(abC);
    oneRows.aa.add(aaC);
    console.log(`one run ${i + 1}/${pairs} (${elapsed()}): A/A ${aaF.length} gate failure(s); A/B (${burn} µs/response) ${abF.length > 0 ? 'caught' : 'NOT caught'}`);
    console.log(rowLine(abC));
  }
  console.log(`\nbench:gate --one-run: ${pairs} run(s), probe ${burn} µs CPU/response, threshold ${fmt(threshold)}, ${elapsed()}`);
  console.log(`suite: muxbench run ${suite.join(' ') || '(defaults)'} --strategy-file bench/probe-gate.ts`);
  console.log(`A/B caught in ${caught} of ${pairs}; A/A false alarms in ${alarms} of ${pairs}`);
  console.log(`A/B per gated row:\n${oneRows.ab.lines()}\nA/A per gated row:\n${oneRows.aa.lines()}`);
}

const aa: Comparison[] = [];
let falsePositivePairs = 0;
let falsePositiveRows = 0;
for (let i = 0; i < pairs; i++) {
  const a = await measure([]);
  const b = await measure([]);
  const c = compareResults(a, b, { threshold, gate, baseLabel: `A/A ${i + 1} first`, nextLabel: 'second' });
  const failures = gateFailures(c);
  aa.push(c);
  if (failures.length > 0) falsePositivePairs++;
  falsePositiveRows += failures.length;
  const inconclusive = c.cases.flatMap((k) => k.metrics).filter((m) => m.gated !== false && m.verdict === 'inconclusive').length;
  console.log(
    `A/A pair ${i + 1}/${pairs} (${elapsed()}): ${failures.length} gate failure${failures.length === 1 ? '' : 's'}, ` +
      `${inconclusive} inconclusive of ${c.correction?.tests ?? 0} gated rows` +
      failures.map((f) => `\n  false positive: ${rowId(f.scenario, f.strategy, f.change.metric)} +${fmt(f.change.slowdown)}`).join(''),
  );
}

let ab: Comparison | undefined;
if (!values['no-ab']) {
  const selected = suiteStrategies();
  const a = await measure([]);
  // Without --strategies the suite also runs the native reference row; keep it on both sides.
  const others = [...selected.filter((id) => id !== SLOWED_ID), ...(suite.includes('--strategies') ? [] : [H2LOAD_ID])];
  const b = await measure(['--strategies', others.join(','), '--strategy-file', SLOW_FILE]);
  ab = compareResults(a, b, { threshold, gate, baseLabel: 'A', nextLabel: `B (${SLOWED_ID} + 2 ms/response)` });
}

console.log(`\nbench:gate: ${pairs} A/A pair${pairs === 1 ? '' : 's'}${ab ? ' + 1 A/B pair' : ''}, threshold ${fmt(threshold)}, ${elapsed()}`);
console.log(`suite: muxbench run ${suite.join(' ') || '(defaults)'}`);
const last = aa.at(-1) ?? ab;
if (last) console.log(`decision: 95 % intervals, ${last.correction?.method} over ${last.correction?.tests} comparisons per pair, family-wise error ≤ ${fmt(last.alpha)}`);
console.log(`false positives: ${falsePositivePairs} of ${pairs} A/A pairs failed the gate (${falsePositiveRows} rows in all)`);
if (ab) {
  const flagged = gateFailures(ab);
  const caught = flagged.filter((f) => f.strategy === SLOWED_ID);
  const others = flagged.filter((f) => f.strategy !== SLOWED_ID);
  console.log(
    `A/B: the 2 ms/response slowdown ${caught.length > 0 ? 'was caught' : 'was NOT caught'} ` +
      `(${caught.map((f) => `${f.scenario} ${f.change.metric} +${fmt(f.change.slowdown)}`).join(', ') || 'no row'}); ` +
      `${others.length} other row${others.length === 1 ? '' : 's'} flagged${others.map((f) => `\n  also flagged: ${rowId(f.scenario, f.strategy, f.change.metric)}`).join('')}`,
  );
  for (const k of ab.cases.filter((x) => x.strategy === SLOWED_ID)) {
    for (const m of k.metrics) {
      const ci = m.interval ? `[${fmt(m.interval.low)}, ${fmt(m.interval.high)}]` : '';
      console.log(`  ${k.scenario} ${SLOWED_ID} ${m.metric}: ${fmt(m.slowdown)} ${ci} → ${m.verdict}`);
    }
  }
}

// Smallest detectable slowdown per row: median over the A/A pairs (the A/B pair when there are none).
const detect = new Map<string, number[]>();
for (const c of aa.length > 0 ? aa : ab ? [ab] : []) {
  for (const k of c.cases) for (const m of k.metrics) {
    const id = rowId(k.scenario, k.strategy, m.metric);
    detect.set(id, [...(detect.get(id) ?? []), m.detectableSlowdown]);
  }
}
const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((x, y) => x - y);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log('\nsmallest slowdown each row can flag (median over pairs; the row\'s interval must clear the threshold after the correction):');
// Past 10× the row cannot decide anything at this threshold: say so instead of printing
// 1e109 % (what t with 1 degree of freedom and a Holm correction over ~70 rows gives).
const reach = (x: number): string => (Number.isFinite(x) && x > 10 ? '> 1000 % (too few or too noisy repetitions)' : fmt(x));
for (const [id, xs] of detect) console.log(`  ${id.padEnd(52)} ${reach(median(xs))}`);

/** The strategies the suite runs: its --strategies, or every built-in one. */
function suiteStrategies(): string[] {
  const i = suite.indexOf('--strategies');
  const raw = i === -1 ? undefined : suite[i + 1];
  return raw === undefined || raw === 'all' ? strategies.map((s) => s.id) : raw.split(',');
}
