/**
 * Harness overhead, in both shapes of the `throughput` scenario (rounds, sustained):
 * http2-single-session's throughput measured by the harness (worker process, socket
 * tap, ledger, phase recorder, HDR histogram; tinybench for rounds) divided by the bare
 * loop of bare-http2-loop.ts in the same shape against the same server; and the bare
 * loop divided by h2load in the same shape (Node's own ceiling against a C client).
 * Each pair runs bare and harness back to back, alternating which goes first, so that
 * a slow phase of a shared machine hits both sides; the ratio is taken per pair and
 * reported as mean ± stdev over the pairs, with a 95 % t interval. Reported, not asserted.
 *
 * What keeps the two sides equal (docs/overhead.md, "A fair bare loop"): the same server
 * process, its ledger emptied before every side (as the runner does before every case;
 * otherwise it keeps every request of the whole benchmark and the server slows as the
 * heap grows); the same Node binary with no flags and no loader (the bare loop is bundled
 * by esbuild like the worker, not run through tsx); the same strategy client code (the
 * bare loop calls the strategy's own ping) on the path the harness tags; the same cold
 * round, warm-up and measured budget.
 *
 * Usage: npm run bench:overhead -- [--pairs N] [--shape both|rounds|sustained] [--node PATH]
 *                                   [--strategy ID] [--no-h2load] [--measure-ms MS]
 * --node runs the harness worker and the bare loop on another Node binary (for example
 * one installed with `npm install --prefix DIR node@24`); the server stays on this one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { findH2load, runReferenceCase } from '../src/reference/h2load.js';
import type { ScenarioInfo } from '../src/results.js';
import { meanStdev } from '../src/stats/summary.js';
import { startLocalTarget } from '../src/targets/local.js';
import { DEFAULT_SUSTAINED } from '../src/workload/sustained.js';
import { asRounds, effectiveScenario, findScenario } from '../src/workload/scenarios.js';
import { runHarnessCase } from './harness-case.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '6' },
    shape: { type: 'string', default: 'both' },
    node: { type: 'string' },
    strategy: { type: 'string', default: 'http2-single-session' },
    'no-h2load': { type: 'boolean', default: false },
    'measure-ms': { type: 'string' },
    // The bare loop tags every path as the harness does: how much of the gap the tag is.
    'tag-bare': { type: 'boolean', default: false },
  },
});
const pairs = Number(values.pairs);
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 100) {
  process.stderr.write(`--pairs must be an integer from 1 to 100, got ${values.pairs}\n`);
  process.exit(2);
}
if (!['both', 'rounds', 'sustained'].includes(values.shape)) {
  process.stderr.write(`--shape must be both, rounds or sustained, got ${values.shape}\n`);
  process.exit(2);
}
const node = values.node ?? process.execPath;
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
const scenarioAsIs = effectiveScenario(findScenario('throughput')!, false);
// --measure-ms: a longer measured phase for both sides (e.g. to see how much of the gap is
// start-up: JIT compilation and the first GCs weigh more on a 1.2 s window than a 10 s one).
const measureMs = values['measure-ms'] === undefined ? undefined : Number(values['measure-ms']);
if (measureMs !== undefined && (!Number.isInteger(measureMs) || measureMs < 100 || measureMs > 60_000)) {
  process.stderr.write(`--measure-ms must be an integer from 100 to 60000, got ${values['measure-ms']}\n`);
  process.exit(2);
}
const sustained: ScenarioInfo = measureMs === undefined
  ? scenarioAsIs
  : {
    ...scenarioAsIs,
    rounds: { ...scenarioAsIs.rounds, maxTimeMs: measureMs },
    sustained: { ...(scenarioAsIs.sustained ?? DEFAULT_SUSTAINED), durationMs: measureMs },
  };
const shapes: Array<[string, ScenarioInfo]> = [];
if (values.shape !== 'sustained') shapes.push(['rounds', asRounds(sustained)]);
if (values.shape !== 'rounds') shapes.push(['sustained', sustained]);
const withH2load = !values['no-h2load'] && findH2load() !== undefined;

/** The bare loop as one plain ESM file, so that it runs on bare `node` as the worker bundle does. */
async function bundleBareLoop(): Promise<string> {
  const entry = fileURLToPath(new URL('./bare-http2-loop.ts', import.meta.url));
  const dir = fileURLToPath(new URL('../node_modules/.cache/muxbench/', import.meta.url));
  // Packages external, as in the worker bundle: the libraries are the installed ones.
  const result = await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no bare loop bundle');
  await mkdir(dir, { recursive: true });
  const file = `${dir}bare-http2-loop-${process.pid}.mjs`;
  await writeFile(file, code);
  return file;
}

const bareScript = await bundleBareLoop();
const target = await startLocalTarget({});
const run = promisify(execFile);

/** One side's measured phase: wall-clock throughput, and CPU µs per successful request. */
interface Side {
  rps: number;
  cpuUs: number;
}

async function bare(scenario: ScenarioInfo): Promise<Side> {
  const budget = scenario.sustained ?? DEFAULT_SUSTAINED;
  const [warmup, measure] = scenario.shape === 'sustained'
    ? [budget.warmupMs, budget.durationMs]
    : [scenario.rounds.warmup, scenario.rounds.maxTimeMs];
  await target.resetCounters();
  const { stdout } = await run(
    node,
    [bareScript, target.origin.href, JSON.stringify(target.tls), String(scenario.concurrency), scenario.shape ?? 'rounds',
      String(warmup), String(measure), target.pathFor(0), values.strategy, ...(values['tag-bare'] ? ['tag'] : [])],
    { encoding: 'utf8', timeout: 60_000 + 10 * measure },
  );
  const out = JSON.parse(stdout) as { rps: number; requests: number; cpuMs: number };
  return { rps: out.rps, cpuUs: (out.cpuMs * 1000) / out.requests };
}

async function harness(scenario: ScenarioInfo): Promise<Side> {
  await target.resetCounters();
  const m = await runHarnessCase({ scenario, strategy: values.strategy, target, node });
  if (m.requests.failed > 0) process.stderr.write(`  harness: ${m.requests.failed} failed requests ${JSON.stringify(m.requests.errors)}\n`);
  const cpu = m.measuredCpu ?? { ms: NaN, requests: 1 };
  return { rps: m.throughputRps, cpuUs: (cpu.ms * 1000) / cpu.requests };
}

async function h2load(scenario: ScenarioInfo): Promise<number> {
  await target.resetCounters();
  const reply = await runReferenceCase(scenario, target, 30_000);
  if (reply.type === 'error') throw new Error(`h2load: ${reply.code}: ${reply.message}`);
  return reply.measurement.throughputRps;
}

/** 97.5 % t quantiles for 1…10 degrees of freedom; 2 beyond (close enough for a report). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function describe(values: number[], digits: number): string {
  const { mean, stdev } = meanStdev(values);
  const half = values.length > 1 ? ((T975[values.length - 2] ?? 2) * stdev) / Math.sqrt(values.length) : NaN;
  return `${mean.toFixed(digits)} ± ${stdev.toFixed(digits)} (95 % CI ${(mean - half).toFixed(digits)}…${(mean + half).toFixed(digits)}, n=${values.length})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const lines: string[] = [];
try {
  for (const [shape, scenario] of shapes) {
    const harnessRps: number[] = [];
    const bareRps: number[] = [];
    const h2loadRps: number[] = [];
    const ratios: number[] = [];
    const ceilings: number[] = [];
    const bareCpu: number[] = [];
    const harnessCpu: number[] = [];
    const cpuRatios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which side goes first: a machine getting busier or quieter favours neither.
      let bs: Side;
      let hs: Side;
      if (i % 2 === 0) {
        bs = await bare(scenario);
        hs = await harness(scenario);
      } else {
        hs = await harness(scenario);
        bs = await bare(scenario);
      }
      const [b, h] = [bs.rps, hs.rps];
      bareCpu.push(bs.cpuUs);
      harnessCpu.push(hs.cpuUs);
      // Requests per CPU-second, harness over bare: the throughput ratio of a client given a core each.
      cpuRatios.push(bs.cpuUs / hs.cpuUs);
      bareRps.push(b);
      harnessRps.push(h);
      ratios.push(h / b);
      let note = '';
      if (withH2load) {
        const r = await h2load(scenario);
        h2loadRps.push(r);
        ceilings.push(b / r);
        note = `, h2load ${r.toFixed(0)} req/s`;
      }
      process.stderr.write(`  ${shape} pair ${i + 1}/${pairs}: bare ${b.toFixed(0)} req/s, harness ${h.toFixed(0)} req/s (${(h / b).toFixed(3)}); CPU per request bare ${bs.cpuUs.toFixed(1)} µs, harness ${hs.cpuUs.toFixed(1)} µs (${(bs.cpuUs / hs.cpuUs).toFixed(3)})${note}\n`);
    }
    lines.push(
      `${shape} (throughput scenario, C=${scenario.concurrency}, ${values.strategy}, Node ${nodeVersion}):`,
      `  bare loop (strategy):   ${describe(bareRps, 0)} req/s`,
      `  harness:                ${describe(harnessRps, 0)} req/s`,
      ...(withH2load ? [`  h2load (same shape):    ${describe(h2loadRps, 0)} req/s`] : []),
      `  harness / bare:         ${describe(ratios, 3)}  per pair; aim >= 0.97, done >= 0.90`,
      `                          median ${median(ratios).toFixed(3)} (per pair: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
      `  CPU per request, bare:  ${describe(bareCpu, 1)} µs`,
      `  CPU per request, harn.: ${describe(harnessCpu, 1)} µs`,
      `  bare CPU / harness CPU: ${describe(cpuRatios, 3)}  per pair (requests per CPU-second, harness / bare); median ${median(cpuRatios).toFixed(3)}`,
      ...(withH2load ? [`  bare / h2load:          ${describe(ceilings, 3)}  per pair (Node's own ceiling)`] : []),
    );
  }
} finally {
  await target.close();
  await rm(bareScript, { force: true });
}
process.stdout.write(`${lines.join('\n')}\n`);
