/**
 * Memory flat in the request count: the worker's own pieces (socket tap, ledger, phase
 * recorder, HDR histograms, the sustained loop, http2-single-session) run 2,000,000
 * requests against the local server in the sustained shape, and the RSS (after a full
 * GC) is read when 200,000 and when 2,000,000 requests have ended. Reported, not asserted.
 * Bounded: the window closes after --max-seconds (default 600) whatever the count.
 *
 * Usage: npm run bench:memory -- [--requests N] [--first N] [--concurrency C] [--max-seconds S]
 */
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ConnectionLedger } from '../src/ledger/ledger.js';
import { installTap } from '../src/ledger/tap.js';
import type { ScenarioInfo } from '../src/results.js';
import { findStrategy } from '../src/strategies/registry.js';
import { startLocalTarget } from '../src/targets/local.js';
import { PhaseRecorder } from '../src/trace/phase-recorder.js';
import { runSustained } from '../src/workload/sustained.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000000' },
    first: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '100' },
    'max-seconds': { type: 'string', default: '600' },
    strategy: { type: 'string', default: 'http2-single-session' },
  },
});
const total = Number(values.requests);
const first = Number(values.first);
const concurrency = Number(values.concurrency);
const maxMs = Number(values['max-seconds']) * 1000;
const strategy = findStrategy(values.strategy);
if (!strategy || ![total, first, concurrency, maxMs].every((n) => Number.isInteger(n) && n > 0) || first >= total) {
  process.stderr.write('usage: npm run bench:memory -- [--requests N] [--first N < N] [--concurrency C] [--max-seconds S] [--strategy ID]\n');
  process.exit(2);
}

// A full GC before each reading, so that RSS shows what is kept, not what is not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const target = await startLocalTarget({});
const ledger = new ConnectionLedger();
const tap = installTap(ledger);
new PhaseRecorder(ledger);
let ended = 0;
ledger.onEvent((e) => {
  if (e.type === 'request-end') ended += 1;
});
const readings: Array<{ requests: number; rss: number; heapUsed: number; atMs: number }> = [];
const started = performance.now();
let nextAt = first;
// A reading per 1/20 of the run, plus the two that matter; one timer, not per request.
const step = Math.max(1, Math.floor(total / 20));
const probe = setInterval(() => {
  if (ended < nextAt) return;
  gc();
  const m = process.memoryUsage();
  readings.push({ requests: ended, rss: m.rss, heapUsed: m.heapUsed, atMs: performance.now() - started });
  process.stderr.write(`  ${ended.toLocaleString('en-US')} requests: RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}\n`);
  nextAt = nextAt < first + step ? first + step : nextAt + step;
  if (nextAt > total) nextAt = total;
}, 50);

const client = await strategy.open({ origin: target.origin, tls: target.tls, concurrency, ledger });
const scenario: ScenarioInfo = {
  id: 'memory',
  description: `${concurrency} pings kept in flight until ${total} requests`,
  concurrency,
  delaysMs: Array.from({ length: concurrency }, () => 0),
  rounds: { warmup: 0, min: 1, maxTimeMs: maxMs },
  shape: 'sustained',
  sustained: { warmupMs: 0, durationMs: maxMs, windows: 10 },
};
let outcome;
try {
  outcome = await runSustained({
    scenario,
    client,
    ledger,
    pathFor: (delay) => target.pathTemplate.replaceAll('{delay}', String(delay)),
    requestTimeoutMs: 10_000,
    hardLimitMs: maxMs,
    maxRequests: total,
  });
  // The last reading, at the end, whatever the probe's timing.
  gc();
  const m = process.memoryUsage();
  readings.push({ requests: ended, rss: m.rss, heapUsed: m.heapUsed, atMs: performance.now() - started });
} finally {
  clearInterval(probe);
  await client.close().catch(() => {});
  tap.uninstall();
  await target.close();
}
const at = (n: number): (typeof readings)[number] | undefined => readings.find((r) => r.requests >= n);
const a = at(first);
const b = readings.at(-1);
if (!a || !b) throw new Error('no readings');
const seconds = (b.atMs / 1000).toFixed(0);
process.stdout.write(
  `sustained, C=${concurrency}, ${values.strategy}, Node ${process.version}, ${outcome.requests.ok.toLocaleString('en-US')} ok / ${outcome.requests.failed} failed in ${seconds} s\n` +
    `  RSS after ${a.requests.toLocaleString('en-US')} requests: ${mb(a.rss)} (heap ${mb(a.heapUsed)})\n` +
    `  RSS after ${b.requests.toLocaleString('en-US')} requests: ${mb(b.rss)} (heap ${mb(b.heapUsed)})\n` +
    `  ratio: ${(b.rss / a.rss).toFixed(3)} (within 10 %: ${Math.abs(b.rss / a.rss - 1) <= 0.1 ? 'yes' : 'no'})\n`,
);
