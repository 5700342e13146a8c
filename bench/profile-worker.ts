/**
 * Profiles one harness case: the worker runs with --cpu-prof and the top self-time
 * functions are printed. Usage: node --import tsx bench/profile-worker.ts [SCENARIO] [STRATEGY] [DIR] [MEASURED_MS]
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startLocalTarget } from '../src/targets/local.js';
import { effectiveScenario, findScenario } from '../src/workload/scenarios.js';
import { runHarnessCase } from './harness-case.js';
import type { ScenarioInfo } from '../src/results.js';

const withMeasuredMs = (s: ScenarioInfo, maxTimeMs: number): ScenarioInfo => ({
  ...s,
  rounds: { ...s.rounds, maxTimeMs },
  ...(s.sustained !== undefined ? { sustained: { ...s.sustained, durationMs: maxTimeMs } } : {}),
});

const [scenarioId = 'throughput', strategy = 'http2-single-session', dir = '/tmp/muxbench-prof', ms = '5000'] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const before = new Set(readdirSync(dir));
const target = await startLocalTarget({});
try {
  const m = await runHarnessCase({
    // A longer measured phase than the scenario's, so that start-up does not dominate the profile.
    scenario: withMeasuredMs(effectiveScenario(findScenario(scenarioId)!, false), Number(ms)),
    strategy,
    target,
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  process.stdout.write(`throughput ${m.throughputRps.toFixed(0)} req/s, ${m.requests.total} requests\n`);
} finally {
  await target.close();
}
const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
if (file === undefined) throw new Error('no profile written');
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: Node[] };
const self = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
  total += n.hitCount ?? 0;
}
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  process.stdout.write(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
}
process.stdout.write(`profile: ${path.join(dir, file)}\n`);
