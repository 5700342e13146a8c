/**
 * The reference for harness overhead: a bare node:http2 loop with no tap, no ledger,
 * no histogram, no tinybench. Same shape as the harness's `throughput` scenario: one
 * session, rounds of C zero-delay pings, warm-up rounds, then timed rounds.
 * Usage: node --import tsx bench/bare-http2-loop.ts ORIGIN CA_PATH CONCURRENCY WARMUP_ROUNDS MEASURE_MS
 * Prints one JSON line: { requests, ms, rps }.
 */
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';

const [origin = '', caPath = '', c = '100', warmup = '5', measureMs = '1500'] = process.argv.slice(2);
const concurrency = Number(c);
const session = http2.connect(origin, { ca: readFileSync(caPath, 'utf8') });

const ping = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const stream = session.request({ ':path': '/ping/0' });
    stream.on('error', reject);
    stream.resume();
    stream.on('end', () => resolve());
  });
const round = (): Promise<unknown> => Promise.all(Array.from({ length: concurrency }, ping));

for (let i = 0; i < Number(warmup) + 1; i++) await round();
let requests = 0;
const started = performance.now();
// Bounded: at least 20 rounds and the time budget, never more than 10x the budget.
let rounds = 0;
while ((performance.now() - started < Number(measureMs) || rounds < 20) && performance.now() - started < 10 * Number(measureMs)) {
  await round();
  rounds += 1;
  requests += concurrency;
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ requests, ms, rps: (requests / ms) * 1000 })}\n`);
session.close();
