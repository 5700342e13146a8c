/**
 * The reference for harness overhead: a strategy's own client (http2-single-session by
 * default: one node:http2 session, every ping is strategies/http2-request.ts's http2Get)
 * driven by a bare loop with no tap, no ledger events, no request tags, no phase recorder,
 * no histogram, no tinybench, in either shape of the harness's `throughput` scenario,
 * after one cold round of C requests:
 * - rounds: C zero-delay pings at once, wait for all, again; warm-up rounds, then timed rounds;
 * - sustained: C lanes, each sending its next ping when the last one ended; a warm-up
 *   time, then completions counted over a fixed window (as h2load -m C -D).
 * The client code is the strategy's, byte for byte (the same module, the same options,
 * the same listeners), because that code is what a run measures: the harness's overhead
 * is what muxbench adds around it. Every ping gets one abort signal that never fires
 * (the harness's are the same kind, one per round or epoch); the path is the one the
 * harness tags. bench/overhead.ts bundles this file and runs it on bare `node`, as the
 * harness worker runs; the bundle loads the strategy registry as the worker does.
 * Usage: node bare-http2-loop.mjs ORIGIN TLS_JSON CONCURRENCY rounds WARMUP_ROUNDS MEASURE_MS PATH [STRATEGY [tag]]
 *        node bare-http2-loop.mjs ORIGIN TLS_JSON CONCURRENCY sustained WARMUP_MS MEASURE_MS PATH [STRATEGY [tag]]
 * Prints one JSON line: { requests, ms, rps, cpuMs }: cpuMs is this process's CPU (user +
 * system) over the measured phase, taken as the harness takes it (workload/rounds.ts).
 */
import { ConnectionLedger } from '../src/ledger/ledger.js';
import { tagParts } from '../src/ledger/request-tag.js';
import { findStrategy } from '../src/strategies/registry.js';
import type { TlsMaterial } from '../src/targets/types.js';

const [origin = '', tlsJson = '{}', c = '100', shape = 'rounds', warmup = '5', measure = '1500', path = '/ping/0', id = 'http2-single-session', tag = ''] =
  process.argv.slice(2);
const concurrency = Number(c);
const measureMs = Number(measure);
const strategy = findStrategy(id);
if (!strategy) throw new Error(`unknown strategy ${id}`);
// A ledger nobody tells anything (no tap): only for strategies that expect one in their context.
const client = await strategy.open({ origin: new URL(origin), tls: JSON.parse(tlsJson) as TlsMaterial, concurrency, ledger: new ConnectionLedger() });
const signal = new AbortController().signal;

// TAG = 'tag' (bench:overhead --tag-bare): every ping's path carries a request tag as the
// harness's does (a unique value, so HPACK cannot index the :path): the tag's share of the gap.
const { prefix, suffix } = tagParts(path);
let next = 0;
const ping = tag === 'tag' ? (): Promise<void> => client.ping(prefix + String(next++) + suffix, signal) : (): Promise<void> => client.ping(path, signal);
const round = (): Promise<unknown> => Promise.all(Array.from({ length: concurrency }, ping));

let requests = 0;
let ms = 0;
let cpuStart: NodeJS.CpuUsage | undefined;
await round();
if (shape === 'sustained') {
  const start = performance.now() + Number(warmup);
  const end = start + measureMs;
  const lane = async (): Promise<void> => {
    let now = performance.now();
    while (now < end) {
      await ping();
      now = performance.now();
      if (now >= start && now < end) {
        cpuStart ??= process.cpuUsage();
        requests += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  ms = measureMs;
} else {
  for (let i = 0; i < Number(warmup); i++) await round();
  const started = performance.now();
  cpuStart = process.cpuUsage();
  // Bounded: at least 20 rounds and the time budget, never more than 10x the budget.
  let rounds = 0;
  while ((performance.now() - started < measureMs || rounds < 20) && performance.now() - started < 10 * measureMs) {
    await round();
    rounds += 1;
    requests += concurrency;
  }
  ms = performance.now() - started;
}
const cpu = cpuStart !== undefined ? process.cpuUsage(cpuStart) : { user: 0, system: 0 };
process.stdout.write(`${JSON.stringify({ requests, ms, rps: (requests / ms) * 1000, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
await client.close();
process.exit(0);
