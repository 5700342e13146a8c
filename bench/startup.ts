/**
 * CLI start-up: `node bin/muxbench.js --help` (and `run --help`, which loads the option
 * tables and registries) N times in a row, against bare `node -e 0` on the same machine,
 * as mean ± stdev in ms. A benchmark, not a test: on a shared machine the load average is
 * printed with it, since start-up time moves with it.
 *
 * Usage: npm run bench:startup -- [--runs 20]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { meanStdev } from '../src/stats/summary.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const bin = fileURLToPath(new URL('../bin/muxbench.js', import.meta.url));

function time(args: string[]): number[] {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    ms.push(performance.now() - started);
  }
  return ms;
}

const load = loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${runs} runs each, Node ${process.version}, load average at start ${load}`);
for (const [label, args] of [
  ['node -e 0', ['-e', '0']],
  ['muxbench --help', [bin, '--help']],
  ['muxbench run --help', [bin, 'run', '--help']],
] as const) {
  const { mean, stdev } = meanStdev(time([...args]));
  console.log(`${label.padEnd(22)} ${mean.toFixed(0).padStart(5)} ± ${stdev.toFixed(0)} ms`);
}
console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
