/**
 * How much the same code moves between two runs, per metric: reads the results files
 * `npm run bench:gate -- --keep DIR` saved and compares A/A pairs of them (the same
 * code and settings, run one after the other). For each metric (p50, p99, throughput,
 * cpu.client, cpu.server) over every row of every pair:
 *
 *   - the median |slowdown| (how far apart two runs of the same code land),
 *   - the median half-width of the 95 % interval (what the gate sees as the spread),
 *   - the share of 95 % intervals that miss 0: about 5 % if the interval's spread is the
 *     whole run-to-run spread; more means the runs drift apart by more than their own
 *     repetitions vary (and a gate on two runs needs the threshold as a margin).
 *
 *   node --import tsx bench/aa-spread.ts DIR [--burn 0] [--chain] [--strategy ID]
 *
 *   node --import tsx bench/aa-spread.ts DIR --within h2-burn-0,h2-burn-0-copy   # one-run A/A
 *
 * Pairs: runs 1–2, 3–4, … (what `bench:gate --pairs N` measures); with --chain, each run
 * with the next (1–2, 2–3, …: the A/A pairs of `--two-run`); --burn keeps only the runs
 * made with that MUXBENCH_PROBE_BURN_US (the `.args` file beside each run); --within A,B
compares two strategies of each run, paired by repetition (`bench:gate --one-run`'s old
client and its twin) instead of runs with each other. A benchmark
 * report, not a test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareResults, compareWithin } from '../src/compare/compare.js';
import type { Comparison } from '../src/results/comparison.js';
import type { Results } from '../src/results.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { burn: { type: 'string' }, chain: { type: 'boolean' }, strategy: { type: 'string' }, within: { type: 'string' } },
});
const dir = positionals[0];
if (dir === undefined) {
  process.stderr.write('usage: node --import tsx bench/aa-spread.ts DIR [--burn 0] [--chain] [--strategy ID]\n');
  process.exit(2);
}

interface Kept {
  name: string;
  results: Results;
  burnUs: string | null;
}
const kept: Kept[] = readdirSync(dir)
  .filter((f) => /^run-\d+\.json$/.test(f))
  .sort()
  .map((f) => {
    const args = JSON.parse(readFileSync(join(dir, f.replace(/\.json$/, '.args')), 'utf8')) as { burnUs: string | null };
    return { name: f, results: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Results, burnUs: args.burnUs };
  })
  .filter((k) => values.burn === undefined || k.burnUs === values.burn);

// The threshold does not change the 95 % interval; every row is compared.
const within = values.within?.split(',');
const comparisons: Comparison[] = [];
if (within !== undefined) {
  if (within.length !== 2) {
    process.stderr.write('aa-spread: --within takes two strategy ids, e.g. --within h2-burn-0,h2-burn-0-copy\n');
    process.exit(2);
  }
  for (const k of kept) comparisons.push(compareWithin(k.results, within[0]!, within[1]!, { threshold: 0.05 }));
} else {
  for (let i = 0; i + 1 < kept.length; i += values.chain ? 1 : 2) comparisons.push(compareResults(kept[i]!.results, kept[i + 1]!.results, { threshold: 0.05 }));
}
if (comparisons.length === 0) {
  process.stderr.write(`aa-spread: nothing to compare in ${dir}${values.burn === undefined ? '' : ` with burn ${values.burn}`}\n`);
  process.exit(1);
}

const byMetric = new Map<string, { moved: number[]; half: number[]; missed: number; n: number }>();
for (const c of comparisons) {
  for (const k of c.cases) {
    if (values.strategy !== undefined && k.strategy !== values.strategy) continue;
    for (const m of k.metrics) {
      if (m.interval === null) continue;
      const e = byMetric.get(m.metric) ?? { moved: [], half: [], missed: 0, n: 0 };
      e.moved.push(Math.abs(m.slowdown));
      e.half.push((m.interval.high - m.interval.low) / 2);
      if (m.interval.low > 0 || m.interval.high < 0) e.missed++;
      e.n++;
      byMetric.set(m.metric, e);
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
console.log(`${dir}: ${comparisons.length} A/A pair(s) of ${kept.length} runs${within ? ` (${within.join(' against ')} within each run)` : values.chain ? ' (chained)' : ''}${values.strategy ? `, strategy ${values.strategy}` : ''}`);
console.log(`${'metric'.padEnd(12)} ${'rows'.padStart(5)} ${'median |moved|'.padStart(15)} ${'median ±95 %'.padStart(13)} ${'95 % intervals missing 0'.padStart(25)}`);
for (const [metric, e] of byMetric) {
  console.log(`${metric.padEnd(12)} ${String(e.n).padStart(5)} ${pct(median(e.moved)).padStart(15)} ${pct(median(e.half)).padStart(13)} ${`${e.missed} (${pct(e.missed / e.n)})`.padStart(25)}`);
}
