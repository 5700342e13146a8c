/** Help texts: what each command does, every flag with its default, and what the output means. */
import { scenarios } from '../workload/scenarios.js';
import { strategies } from '../strategies/registry.js';
import { rules } from '../diagnose/registry.js';
import { RUNTIME_OPTIONS_HELP } from './help-runtimes.js';
import { metricsHelp, outputHelp } from './help-output.js';
import { clientOptionsHelp } from './help-serve.js';

const pad = (s: string, n: number): string => s.padEnd(n);

export { mainHelp } from './help-main.js';


export function runHelp(): string {
  const strategyLines = strategies.map((s) => `  ${pad(s.id, 27)}${pad(s.intent, 24)}${s.configuration}`).join('\n');
  const scenarioLines = scenarios.map((s) => `  ${pad(s.id, 12)}${s.description}`).join('\n');
  return `Usage: muxbench run [options]

Each (scenario, strategy, repetition) runs in a fresh process against a local HTTP/2 +
HTTP/1.1 TLS server (its own process). Strategies are interleaved and repeated, so the
spread across repetitions is reported next to every mean.

Options:
  --scenario <ids>         comma-separated scenarios, 'sweep' (the concurrency sweep) or 'all'
                           (default: every scenario except the sweep and idle-burst)
  --strategies <ids>       comma-separated strategies, or 'all' (default: all)
  --strategy-file <file>   a module exporting your own strategy (repeatable): .js .mjs
                           .cjs .ts .mts .cts, ES module or CommonJS
  --concurrency <n>        requests per round, overriding each scenario's but the sweep's (1-10000)
  --repetitions <n>        repetitions of every case (default: 3; 1 with --quick)
  --quick                  short rounds and 1 repetition: a smoke run (about 20 s on 2 idle cores)
  --out <dir>              where results go (default: results/); files are
                           <timestamp>.json and .md, rewritten after every case
  --no-write               write no files, print the table only
  --mtls                   the server requires a client certificate; clients send one
  --target <local|nginx>   local: the ping server (default); nginx: a real nginx (HTTP/2
                           reverse proxy, TLS + h2c listeners) in front of it, counted by
                           nginx's stub_status and access log (apt-get install -y nginx)
  --h2c                    use the target's cleartext port: h2 strategies speak h2c with
                           prior knowledge, HTTP/1.1 ones HTTP/1.1 (nginx's h2c port is
                           h2-only, so they are skipped there, with the reason)
  --url <origin>           any external https:// or http:// (h2c) server; server-side
                           counts are null. One preflight request checks it first.
  --ca <file>              (--url) CA to verify the server with (default: Node's roots)
  --cert <file> --key <file>  (--url) client certificate and key for mutual TLS
  --servername <name>      (--url) TLS SNI and certificate name to check
  --path <path>            (--url) request path; {delay} = delay in ms (default: /ping/{delay})
  --request-timeout <ms>   per request, then it is aborted and counted as failed (default: 10000);
                           a server that never answers some requests costs each round this long
  --request-bytes <n>      every ping is a POST with an n-byte body, on every strategy (h2load:
                           -d; --client-cmd: {body} is a file of those bytes, {bytes} the size)
  --lifetime-gaps <ms,…>   (--scenario lifetime) the idle gaps, a burst before each; the last
                           ends the case (default 500,2000,6000; docs/long-runs.md)
  --quiet                  no progress bar (the bar shows only on a terminal, for runs over a few seconds)
  --trace-file <file>      write every request's trace events there, one JSON per line
  --json                   print the results JSON to stdout instead of the table
  --compare <file>         compare against a baseline results file; the comparison is printed
                           and added to the .md and .html
  --fail-on-regression <p> with --compare: exit 1 when a row's whole 95 % interval is slower than p
                           (e.g. 5%) after the Holm–Bonferroni correction; exit 2 against a
                           baseline from another CPU model, core count or Node
  --allow-other-machine    gate anyway against a baseline from another machine
  --precision <p>          add repetitions (interleaved) until every mean's 95 % half-width is
                           within p (e.g. 3%), or --max-time is spent; --repetitions = the minimum
  --max-time <s>           with --precision: the time budget of the whole run (default 135)
  --pin                    server on core 0, workers on the other cores (taskset)
  --html <file>            also write the HTML report (charts, self-contained) to <file>
  --rate <r>               open-loop: start r requests per second whatever the server does
                           (latency from each request's intended send time), at most the
                           scenario's concurrency in flight; needs --duration
  --duration <s>           open-loop: seconds of arrivals per case (1-600)
  --rtt <ms>               local and nginx targets: a relay adds this round trip to every
                           exchange, and one to each new connection (TCP); docs/costs.md
  --rtt-jitter <ms>        with --rtt: each chunk's one-way delay gains 0 to ms/2 more
Server behaviours (local target only; shown in the results' target.server and the header):
  --server-max-streams <n>        HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS
  --server-goaway-after <n>       HTTP/2: a GOAWAY after n requests on a connection, which
                                  then closes once its streams are done
  --server-goaway-error <code>    with --server-goaway-after: an error GOAWAY instead of
                                  NO_ERROR (INTERNAL_ERROR, ENHANCE_YOUR_CALM, or 0-255)
  --server-keepalive-timeout <ms> close a connection idle that long (HTTP/1.1: the socket,
                                  no warning; HTTP/2: GOAWAY then close)
  --server-keepalive-max <n>      HTTP/1.1: Keep-Alive: max=<left> on each response,
                                  Connection: close on the n-th (as Apache does)
  --server-close-after <n>        HTTP/1.1: Connection: close on the n-th response, no hint before
  --server-reset-every <n>        every n-th request: headers and half the body, then the
                                  connection's socket is destroyed
  --body-bytes <n>                size of every response body (default 5, "pong\\n"; up to 64 MiB)
${RUNTIME_OPTIONS_HELP}
${outputHelp()}
  --debug                  stack traces on errors
  -h, --help               this text

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

const sharedDiagnoseOptions = `  --strategies <ids>       comma-separated strategies, or 'all' (default: all built-in ones,
                           or only the --strategy-file ones when given)
  --strategy-file <file>   a module exporting your own strategy (repeatable): .js .mjs
                           .cjs .ts .mts .cts, ES module or CommonJS
  --concurrency <n>        requests per round, overriding the scenario's
  --mtls                   the server requires a client certificate; clients send one
  --request-timeout <ms>   per request (default: 10000)
  --request-bytes <n>      every ping is a POST with an n-byte body (default: GET, no body)
  --trace-file <file>      write every request's trace events there, one JSON per line
  --quiet                  no progress lines
  --debug                  stack traces on errors
  -h, --help               this text
${clientOptionsHelp}`;

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

Options:
  --scenario <id>          the workload (default: burst)
  --out <dir>              also write the results files there (default: none)
${sharedDiagnoseOptions}

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

Options:
  --scenario <id>          the workload (default: seed)
  --rounds <n>             rounds to print per strategy, the cold one first (default: 2)
${sharedDiagnoseOptions}

Native reference: with h2load installed (apt-get install -y nghttp2-client), the burst and
throughput scenarios add an 'h2load' row (-c 1 -m <concurrency>, same target) and a line
with each strategy's throughput as a ratio to it. It is in the default strategy set; name
it with --strategies ...,h2load otherwise.

Exit codes: 0 done, 1 the run failed, 2 bad command line.
`;
}
