/**
 * Harness overhead: http2-single-session's throughput measured by the harness (worker
 * process, socket tap, ledger, HDR histogram, tinybench) divided by the bare loop of
 * bare-http2-loop.ts against the same server, alternating K times in the same run.
 * Reported, not asserted. Usage: npm run bench:overhead [-- K]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ratioWithUncertainty, meanStdev } from '../src/stats/summary.js';
import { fmtRatio } from '../src/report/format.js';
import { planCases } from '../src/run/plan.js';
import { runPlan } from '../src/run/runner.js';
import { http2SingleSession } from '../src/strategies/http2-single-session.js';
import { startLocalTarget } from '../src/target/local.js';
import { effectiveScenario, findScenario } from '../src/workload/scenarios.js';

const repeats = Number(process.argv[2] ?? 5);
const scenario = effectiveScenario(findScenario('throughput')!, false);
const target = await startLocalTarget({});
const bareScript = fileURLToPath(new URL('./bare-http2-loop.ts', import.meta.url));
const harness: number[] = [];
const bare: number[] = [];
try {
  for (let i = 0; i < repeats; i++) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', bareScript, target.origin.href, target.tls.caPath, String(scenario.concurrency),
        String(scenario.rounds.warmup), String(scenario.rounds.maxTimeMs)],
      { encoding: 'utf8' },
    );
    bare.push((JSON.parse(out) as { rps: number }).rps);
    const results = await runPlan({
      cases: planCases([scenario], [{ strategy: http2SingleSession }], 1),
      scenarios: [scenario],
      strategies: [http2SingleSession],
      target,
      command: 'bench/overhead.ts',
      repetitions: 1,
      quick: false,
      baseName: 'overhead',
      requestTimeoutMs: 10_000,
    });
    harness.push(results.runs[0]?.throughputRps ?? 0);
    process.stderr.write(`  pair ${i + 1}/${repeats}: bare ${bare.at(-1)?.toFixed(0)} req/s, harness ${harness.at(-1)?.toFixed(0)} req/s\n`);
  }
} finally {
  await target.close();
}
const h = meanStdev(harness);
const b = meanStdev(bare);
const ratio = ratioWithUncertainty(h, b);
process.stdout.write(
  `bare node:http2 loop:             ${b.mean.toFixed(0)} ± ${b.stdev.toFixed(0)} req/s (n=${bare.length})\n` +
    `harness, http2-single-session:    ${h.mean.toFixed(0)} ± ${h.stdev.toFixed(0)} req/s (n=${harness.length})\n` +
    `harness / bare:                   ${ratio.ratio.toFixed(3)} ± ${ratio.uncertainty.toFixed(3)}  (${fmtRatio(ratio)} than bare; aim >= 0.9)\n`,
);
