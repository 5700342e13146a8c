/** Help texts: what each command does and what the output means; the option lines come from the option table (options/help.ts). */
import { scenarios } from '../workload/scenarios.js';
import { strategies } from '../strategies/registry.js';
import { rules } from '../diagnose/registry.js';
import { optionsHelp } from '../options/help.js';
import { metricsHelp, STEP_SUMMARY } from './help-output.js';

const pad = (s: string, n: number): string => s.padEnd(n);

export { mainHelp } from './help-main.js';


export function runHelp(): string {
  const strategyLines = strategies.map((s) => `  ${pad(s.id, 27)}${pad(s.intent, 24)}${s.configuration}`).join('\n');
  const scenarioLines = scenarios.map((s) => `  ${pad(s.id, 12)}${s.description}`).join('\n');
  return `Usage: muxbench run [options]

Each (scenario, strategy, repetition) runs in a fresh process against a local HTTP/2 +
HTTP/1.1 TLS server (its own process). Strategies are interleaved and repeated, so the
spread across repetitions is reported next to every mean.

${optionsHelp('run', { output: STEP_SUMMARY })}

Scenarios (default: all except the sweep and idle-burst; --scenario sweep runs sweep-c1 … sweep-c1000):
${scenarioLines}

The sweep caps connection-per-request strategies at C = 300 (reported as skipped, with the reason).

Strategies (id, intent, configuration):
${strategyLines}

Runtimes: by default 'run' measures on the newest LTS Node line (installed from the npm
registry on first use) with the newest undici and got it supports, and prints which at
the top; 'verify' and 'trace' use the Node running muxbench and its own node_modules.
  npx muxbench run --node 20,22,24,26 --scenario burst    one matrix of four runtimes
  npx muxbench run --node 26 --with undici@7 --with undici@8   two undici majors on Node 26
  npx muxbench run --node current --with project          the Node and libraries you ship

Reading the table:
  conns cold/warm    TCP connections opened in the first (cold) round / in all later rounds.
                     A client that multiplexes opens 1 cold and 0 warm.
  TLS full/resumed   TLS handshakes: full ones cost a key exchange; resumed ones reuse a ticket.
  peak streams/conn  most requests in flight at once on one connection.
  p50/p99/max [ms]   request latency over the warm rounds (mean ± stdev across repetitions).
  throughput         successful requests per second over the warm rounds.
  summary            the strategy with the most throughput and the one with the fewest
                     connections; every other one's throughput as a ratio ± uncertainty.
  ✗ / ⚠ lines        failed / warning verdicts of the diagnosis rules, one per strategy × rule
                     (numbers: ranges over the repetitions it fired in), each fix printed once
                     ('muxbench verify --help' lists the rules).
  phases table       (--phases) connect, TLS, time to first byte and total (p50/p99), for requests
                     that opened a new connection and for those that reused one.

${metricsHelp()}
Exit codes: 0 done, 1 the run failed (or a threshold failed), 2 bad command line,
130 / 143 interrupted by SIGINT / SIGTERM (finished cases kept; see docs/faults.md).
`;
}

export function verifyHelp(): string {
  const ruleLines = rules.map((r) => `  ${pad(r.id, 26)}${r.summary}`).join('\n');
  return `Usage: muxbench verify [options]

Runs a cold burst (the burst scenario: 100 concurrent requests on a fresh client, short
rounds, 1 repetition) through each strategy, applies every diagnosis rule, prints each
strategy's verdicts with fixes, and exits 1 when any strategy whose intent is
one-connection breaks a rule or cannot run, or when no request of a strategy (whatever
its intent) succeeded: then its first error message is printed, and the rules that need
a request are "not judged" instead of ✓. Failed requests are shown beside the verdicts,
per error code with their first messages (--debug adds the first stack). Gate a release
on your client's config with
  muxbench verify --strategy-file ./my-client.ts

${optionsHelp('verify')}

Rules:
${ruleLines}

Exit codes: 0 every one-connection strategy holds, 1 one breaks a rule, a strategy had no
request succeed, or the run failed; 2 bad command line.
`;
}

export function traceHelp(): string {
  return `Usage: muxbench trace [options]

Runs the scenario once per strategy (short rounds, 1 repetition) and prints, per strategy,
the timeline of the cold round and the first warm round: every connection (dial, TCP up,
TLS full/resumed and ALPN) and every request (getConn, the connection it got - new, reused
or idle - whether it waited for another request's handshake, headers written, first
response byte, done or error), in ms from the round's start; then the phase breakdown and
any warn/fail verdicts. Event names follow Go's net/http/httptrace.

${optionsHelp('trace')}

Native reference: with h2load installed (apt-get install -y nghttp2-client), the burst and
throughput scenarios add an 'h2load' row (-c 1 -m <concurrency>, same target) and a line
with each strategy's throughput as a ratio to it. It is in the default strategy set; name
it with --strategies ...,h2load otherwise.

Exit codes: 0 done, 1 the run failed, 2 bad command line.
`;
}
