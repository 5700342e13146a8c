/**
 * The reference for harness overhead: a bare node:http2 loop with no tap, no ledger,
 * no histogram, no tinybench, in either shape of the harness's `throughput` scenario,
 * on one session after one cold round of C requests:
 * - rounds: C zero-delay pings at once, wait for all, again; warm-up rounds, then timed rounds;
 * - sustained: C lanes, each sending its next ping when the last one ended; a warm-up
 *   time, then completions counted over a fixed window (as h2load -m C -D).
 * Each ping is the same session.request() call as the http2-single-session strategy
 * (strategies/http2-request.ts: the same headers and options, the same session options)
 * on the same untagged path the harness tags, so that the two differ only by what the
 * harness adds. bench/overhead.ts bundles this file and runs it on bare `node`, as the
 * harness worker runs.
 * Usage: node bare-http2-loop.mjs ORIGIN CA_PATH CONCURRENCY rounds WARMUP_ROUNDS MEASURE_MS [PATH]
 *        node bare-http2-loop.mjs ORIGIN CA_PATH CONCURRENCY sustained WARMUP_MS MEASURE_MS [PATH]
 * Prints one JSON line: { requests, ms, rps }.
 */
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';

const [origin = '', caPath = '', c = '100', shape = 'rounds', warmup = '5', measure = '1500', path = '/ping/0'] = process.argv.slice(2);
const concurrency = Number(c);
const measureMs = Number(measure);
const session = http2.connect(origin, { ca: readFileSync(caPath, 'utf8') });

const ping = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'GET', ':path': path }, { endStream: true });
    stream.on('error', reject);
    stream.resume();
    stream.on('end', () => resolve());
  });
const round = (): Promise<unknown> => Promise.all(Array.from({ length: concurrency }, ping));

let requests = 0;
let ms = 0;
await round();
if (shape === 'sustained') {
  const start = performance.now() + Number(warmup);
  const end = start + measureMs;
  const lane = async (): Promise<void> => {
    let now = performance.now();
    while (now < end) {
      await ping();
      now = performance.now();
      if (now >= start && now < end) requests += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  ms = measureMs;
} else {
  for (let i = 0; i < Number(warmup); i++) await round();
  const started = performance.now();
  // Bounded: at least 20 rounds and the time budget, never more than 10x the budget.
  let rounds = 0;
  while ((performance.now() - started < measureMs || rounds < 20) && performance.now() - started < 10 * measureMs) {
    await round();
    rounds += 1;
    requests += concurrency;
  }
  ms = performance.now() - started;
}
process.stdout.write(`${JSON.stringify({ requests, ms, rps: (requests / ms) * 1000 })}\n`);
session.close();
