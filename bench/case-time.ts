/**
 * Where a run's time went, from its results file: per scenario the cases, their mean wall
 * time (runs[].durationMs: the worker's start, the strategy's library, open, the measured
 * phase, close, the server's counters) and their sum; then the time one repetition of
 * every row takes, and whether 3 fit in a budget. For the default run's budget
 * (docs/costs.md, "What the default run's budget holds"):
 *
 *   npm run bench -- --out /tmp/bench && node --import tsx bench/case-time.ts /tmp/bench/<file>.json [--budget 135]
 *
 * A benchmark of muxbench itself, not a test: the load average it ran at is in the file's
 * provenance; on a shared machine every case is slower.
 */
import { parseArgs } from 'node:util';
import { readResultsFile } from '../src/compare/load.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { budget: { type: 'string', default: '135' } } });
const file = positionals[0];
if (file === undefined) {
  process.stderr.write('usage: node --import tsx bench/case-time.ts <results.json> [--budget 135]\n');
  process.exit(2);
}
const results = await readResultsFile(file);
const measured = results.runs.filter((r) => r.status !== 'skipped');
const rows = new Map<string, number[]>();
for (const r of measured) rows.set(`${r.scenario}\u0000${r.strategy}\u0000${r.runtime?.id ?? ''}`, [...(rows.get(`${r.scenario}\u0000${r.strategy}\u0000${r.runtime?.id ?? ''}`) ?? []), r.durationMs]);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

console.log(`${file}: ${measured.length} cases, ${rows.size} rows; ${results.provenance?.warnings?.join('; ') ?? 'no load warning'}`);
let perRepetition = 0;
for (const scenario of results.scenarios) {
  const own = [...rows.entries()].filter(([key]) => key.startsWith(`${scenario.id}\u0000`));
  if (own.length === 0) continue;
  const cases = own.flatMap(([, ms]) => ms);
  // One repetition of the scenario: each row's mean case.
  const oneRep = own.reduce((sum, [, ms]) => sum + mean(ms), 0);
  perRepetition += oneRep;
  console.log(`  ${scenario.id.padEnd(12)} ${String(own.length).padStart(3)} rows, ${String(cases.length).padStart(4)} cases, mean case ${s(mean(cases))}, one repetition ${s(oneRep)}`);
}
const budget = Number(values.budget) * 1000;
console.log(`one repetition of every row: ${s(perRepetition)}; 3 repetitions ${s(3 * perRepetition)} against a budget of ${s(budget)}: ${3 * perRepetition <= budget ? 'fits' : 'does not fit'}`);
const reps = [...rows.values()].map((ms) => ms.length);
console.log(`repetitions per row: ${Math.min(...reps)}–${Math.max(...reps)}`);
