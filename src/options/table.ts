/**
 * Every command-line option of every command, once: its type, default, allowed range or
 * values, the commands that take it, its help line and the help section it is listed in.
 * The parser's configuration (options/parse-config.ts), the defaults and ranges the
 * validation applies (config*.ts, targets/, client-cmd/) and each command's option lines in
 * `--help` (options/help.ts) are all read from here, so a default or a range is written
 * once (options/table.test.ts checks that no second copy appears in src/).
 *
 * Plain data with no imports: the help of a command loads it without the strategies.
 *
 * - `default`: the value the validation uses when the option is not given; shown in help.
 * - `absent`: what happens when the option is not given and no single value stands for it
 *   (shown as the default; the code that decides it says why).
 * - `range`: the inclusive bounds the validation checks, in the option's own unit; shown in help.
 * - `per`: what differs for one command (its help line, its default: `default: undefined` for none).
 * - `help`: one line; '\n' starts a new line in the help text (an example, a format).
 */

export type CommandName = 'run' | 'verify' | 'trace' | 'serve' | 'compare' | 'report' | 'merge' | 'runtimes';

/** The help sections, in the order a command's help lists them. */
export const GROUPS = {
  options: 'Options:',
  clients: 'External clients (any program, any language; counted by the server):',
  server: "Server behaviours (local target only; shown in the results' target.server and the header):",
  runtimes: 'Runtimes and library sets:',
  output: 'Detail, exports and thresholds:',
} as const;
export type Group = keyof typeof GROUPS;

/** One command's own version of an option. */
export interface OptionUse {
  readonly short?: string;
  readonly group?: Group;
  readonly help?: string;
  readonly default?: number | string;
  readonly absent?: string;
  readonly value?: string;
  readonly range?: { readonly min: number; readonly max: number };
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: true;
  readonly short?: string;
  /** The value's placeholder in help, e.g. '<ms>'. */
  readonly value?: string;
  readonly default?: number | string;
  readonly absent?: string;
  readonly range?: { readonly min: number; readonly max: number };
  readonly choices?: readonly string[];
  readonly group: Group;
  readonly help: string;
  readonly commands: readonly CommandName[];
  readonly per?: Partial<Record<CommandName, OptionUse>>;
}

const LOAD = ['run', 'verify', 'trace'] as const;
/** Largest request and response body: 64 MiB keeps a 100-request round under ~7 GB on the wire, bounded. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** A round trip above 10 s is no network a benchmark means; it would only stall the cases' time bounds. */
const MAX_RTT_MS = 10_000;
const MAX_CONCURRENCY = 10_000;
const ALL = ['run', 'verify', 'trace', 'serve', 'compare', 'report', 'merge', 'runtimes'] as const;

export const OPTIONS = {
  // --- what runs
  scenario: {
    type: 'string',
    value: '<ids>',
    group: 'options',
    commands: LOAD,
    help: "comma-separated scenarios, 'sweep' (the concurrency sweep) or 'all'",
    absent: 'every scenario except the sweep and idle-burst',
    per: {
      verify: { value: '<id>', help: 'the workload', default: 'burst' },
      trace: { value: '<id>', help: 'the workload', default: 'seed' },
    },
  },
  rounds: {
    type: 'string',
    value: '<n>',
    group: 'options',
    commands: ['trace'],
    help: 'rounds to print per strategy, the cold one first',
    default: 2,
    range: { min: 1, max: 1000 },
  },
  strategies: {
    type: 'string',
    value: '<ids>',
    group: 'options',
    commands: LOAD,
    help: "comma-separated strategies, or 'all'",
    absent: 'all',
    per: {
      verify: { absent: 'all built-in ones, or only the --strategy-file ones when given' },
      trace: { absent: 'all built-in ones, or only the --strategy-file ones when given' },
    },
  },
  'strategy-file': {
    type: 'string',
    multiple: true,
    value: '<file>',
    group: 'options',
    commands: LOAD,
    help: 'a module exporting your own strategy (repeatable): .js .mjs .cjs .ts .mts .cts, ES module or CommonJS',
  },
  concurrency: {
    type: 'string',
    value: '<n>',
    group: 'options',
    commands: [...LOAD, 'serve'],
    help: "requests per round, overriding each scenario's but the sweep's",
    range: { min: 1, max: MAX_CONCURRENCY },
    per: {
      // verify's burst must be a burst: below 2, fan-out and refused streams hardly show.
      verify: { help: "requests per round, overriding the scenario's", range: { min: 2, max: MAX_CONCURRENCY } },
      trace: { help: "requests per round, overriding the scenario's" },
      serve: { help: 'what your client sends at once, for the rules', absent: 'the most requests the server saw in flight together' },
    },
  },
  repetitions: {
    type: 'string',
    value: '<n>',
    group: 'options',
    commands: ['run'],
    help: 'repetitions of every case; 1 with --quick',
    default: 3,
    range: { min: 1, max: 100 },
  },
  warmup: {
    type: 'string',
    value: '<n>',
    group: 'options',
    commands: ['run'],
    help: 'cases of each scenario run and thrown away first: a warm server from repetition 0; 0 with --quick',
    default: 2,
    range: { min: 0, max: 20 },
  },
  quick: {
    type: 'boolean',
    group: 'options',
    commands: ['run'],
    help: 'short rounds and 1 repetition: a smoke run (about 20 s on 2 idle cores)',
  },
  out: {
    type: 'string',
    value: '<dir>',
    group: 'options',
    commands: ['run', 'verify', 'merge'],
    help: 'where results go; files are <timestamp>.json and .md, rewritten after every case',
    default: 'results',
    per: {
      verify: { help: 'also write the results files there', absent: 'none' },
      // No default: merge asks for it.
      merge: { short: 'o', value: '<file>', help: 'the merged results file (JSON), written atomically; required', default: undefined },
    },
  },
  'no-write': {
    type: 'boolean',
    group: 'options',
    commands: ['run'],
    help: 'write no files, print the table only',
  },
  // --- the target
  target: {
    type: 'string',
    value: '<local|nginx>',
    group: 'options',
    commands: [...LOAD, 'serve'],
    choices: ['local', 'nginx', 'url'],
    default: 'local',
    help:
      "local: the ping server; nginx: a real nginx (HTTP/2 reverse proxy, TLS + h2c listeners) in front of it, counted by nginx's stub_status and access log (apt-get install -y nginx)",
    per: {
      verify: { help: 'the server the strategies and any --client-cmd talk to' },
      trace: { help: 'the server the strategies and any --client-cmd talk to' },
      serve: { help: 'which server: the ping server (local) or nginx in front of it' },
    },
  },
  mtls: {
    type: 'boolean',
    group: 'options',
    commands: [...LOAD, 'serve'],
    help: 'the server requires a client certificate; clients send one',
    per: { serve: { help: 'require a client certificate' } },
  },
  h2c: {
    type: 'boolean',
    group: 'options',
    commands: [...LOAD, 'serve'],
    help:
      "use the target's cleartext port: h2 strategies speak h2c with prior knowledge, HTTP/1.1 ones HTTP/1.1 (nginx's h2c port is h2-only, so they are skipped there, with the reason)",
    per: { serve: { help: 'cleartext (h2c with prior knowledge; local also speaks HTTP/1.1)' } },
  },
  url: {
    type: 'string',
    value: '<origin>',
    group: 'options',
    commands: ['run'],
    help: 'any external https:// or http:// (h2c) server; server-side counts are null. One preflight request checks it first.',
  },
  ca: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['run'],
    help: '(--url) CA to verify the server with',
    absent: "Node's roots",
  },
  cert: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['run'],
    help: '(--url) client certificate for mutual TLS, with --key',
  },
  key: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['run'],
    help: "(--url) the client certificate's private key, with --cert",
  },
  servername: {
    type: 'string',
    value: '<name>',
    group: 'options',
    commands: ['run'],
    help: '(--url) TLS SNI and certificate name to check',
  },
  path: {
    type: 'string',
    value: '<path>',
    group: 'options',
    commands: ['run'],
    help: '(--url) request path; {delay} = delay in ms',
    default: '/ping/{delay}',
  },
  // --- each request
  'request-timeout': {
    type: 'string',
    value: '<ms>',
    group: 'options',
    commands: LOAD,
    help: 'per request, then it is aborted and counted as failed; a server that never answers some requests costs each round this long',
    default: 10_000,
    range: { min: 100, max: 600_000 },
  },
  'request-bytes': {
    type: 'string',
    value: '<n>',
    group: 'options',
    commands: LOAD,
    help: 'every ping is a POST with an n-byte body, on every strategy (h2load: -d; --client-cmd: {body} is a file of those bytes, {bytes} the size)',
    absent: 'GET, no body',
    range: { min: 0, max: MAX_BODY_BYTES },
  },
  'lifetime-gaps': {
    type: 'string',
    value: '<ms,…>',
    group: 'options',
    commands: ['run'],
    help: '(--scenario lifetime) the idle gaps, a burst before each; the last ends the case (up to 20 gaps of 0-14400000 ms; docs/long-runs.md)',
    absent: "the scenario's own (500,2000,6000)",
  },
  // --- what is printed and written
  quiet: {
    type: 'boolean',
    group: 'options',
    commands: LOAD,
    help: 'no progress bar (the bar shows only on a terminal, for runs over a few seconds)',
    per: { verify: { help: 'no progress lines' }, trace: { help: 'no progress lines' } },
  },
  'trace-file': {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: LOAD,
    help: "write every request's trace events there, one JSON per line",
  },
  json: {
    type: 'boolean',
    group: 'options',
    commands: ['run', 'serve', 'compare'],
    help: 'print the results JSON to stdout instead of the table',
    per: {
      compare: { help: 'print the comparison as JSON instead of tables' },
      serve: {
        help:
          'one JSON object per line instead of text, for programs:\n{"event":"listening",origin,url,ca,cert,key}, then per summary\n{"event":"traffic",connections,tlsFull,tlsResumed,alpn,requests,requestsOk,peakInFlightPerConnection,peakInFlight,tlsFailed,verdicts},\nthen {"event":"stopped"}',
      },
    },
  },
  html: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['run', 'report'],
    help: 'also write the HTML report (charts, self-contained) to <file>',
    per: { report: { help: 'write the self-contained HTML report to <file>' } },
  },
  md: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['report', 'merge'],
    help: 'write the Markdown report to <file>',
    per: { merge: { help: 'also write its Markdown report' } },
  },
  // --- comparison and the gate
  compare: {
    type: 'string',
    value: '<file>',
    group: 'options',
    commands: ['run'],
    help: 'compare against a baseline results file; the comparison is printed and added to the .md and .html',
  },
  a: {
    type: 'string',
    value: '<id>',
    group: 'options',
    commands: ['compare'],
    help: 'A/B within one results file: the base (a strategy or runtime variant id), with --b',
  },
  b: {
    type: 'string',
    value: '<id>',
    group: 'options',
    commands: ['compare'],
    help: 'A/B within one results file: the new one, with --a',
  },
  'fail-on-regression': {
    type: 'string',
    value: '<p>',
    group: 'options',
    commands: ['run', 'compare'],
    help:
      "with --compare or --base-ref: exit 1 when a row's whole 95 % interval is slower than p (e.g. 5%) after the Holm–Bonferroni correction; exit 2 against a baseline from another CPU model, core count or Node",
    per: { compare: { help: 'exit 1 when a row is a regression above p, e.g. 5%', absent: 'no gate; the verdicts use 5 %' } },
  },
  'base-ref': {
    type: 'string',
    value: '<ref>',
    group: 'options',
    commands: ['run'],
    help: 'also measure the --strategy-file as it was at this git ref (v1.4.0), as <id>@<ref>, interleaved with this one and paired by repetition; the comparison is printed, and --fail-on-regression gates on it (docs/release-gate.md)',
    absent: 'none; with it, the gate is p50 and throughput in every scenario',
  },
  'base-dir': {
    type: 'string',
    value: '<dir>',
    group: 'options',
    commands: ['run'],
    help: 'the same, from a copy of the repository at the previous release',
  },
  'allow-other-machine': {
    type: 'boolean',
    group: 'options',
    commands: ['run', 'compare'],
    help: 'gate anyway against a baseline from another machine',
    per: { compare: { help: "gate even when the baseline's CPU model, core count or Node differ" } },
  },
  precision: {
    type: 'string',
    value: '<p>',
    group: 'options',
    commands: ['run'],
    help:
      "add repetitions (interleaved) until every mean's 95 % half-width is within p (e.g. 3%), or --max-time is spent; --repetitions = the minimum",
  },
  'max-time': {
    type: 'string',
    value: '<s>',
    group: 'options',
    commands: ['run'],
    help: 'with --precision: the time budget of the whole run',
    default: 135,
    range: { min: 1, max: 86_400 },
  },
  pin: {
    type: 'boolean',
    group: 'options',
    commands: ['run'],
    help: 'server on core 0, workers on the other cores (taskset)',
  },
  // --- load shape and network
  rate: {
    type: 'string',
    value: '<r>',
    group: 'options',
    commands: ['run'],
    help:
      "open-loop: start r requests per second whatever the server does (latency from each request's intended send time), at most the scenario's concurrency in flight; needs --duration",
    range: { min: 1, max: 100_000 },
  },
  duration: {
    type: 'string',
    value: '<s>',
    group: 'options',
    commands: ['run'],
    help: 'with --rate: seconds of arrivals per case; alone: the measured window of the sustained scenarios',
    // Up to 4 hours: every loop of a case is bounded in count and time, and the ledgers
    // keep summaries past a set size (docs/long-runs.md).
    range: { min: 1, max: 14_400 },
  },
  rtt: {
    type: 'string',
    value: '<ms>',
    group: 'options',
    commands: ['run'],
    help: 'local and nginx targets: a relay adds this round trip to every exchange, and one to each new connection (TCP); docs/costs.md',
    range: { min: 0, max: MAX_RTT_MS },
  },
  'rtt-jitter': {
    type: 'string',
    value: '<ms>',
    group: 'options',
    commands: ['run'],
    help: "with --rtt: each chunk's one-way delay gains 0 to ms/2 more",
    range: { min: 0, max: MAX_RTT_MS },
  },
  bandwidth: {
    type: 'string',
    value: '<Mbit/s>',
    group: 'options',
    commands: ['run'],
    help: 'local and nginx targets: the relay caps each direction at this rate, shared by every connection (with or without --rtt); docs/costs.md',
    range: { min: 0.01, max: 100_000 },
  },
  // --- serve
  for: {
    type: 'string',
    value: '<s>',
    group: 'options',
    commands: ['serve'],
    help: 'stop after this many seconds',
    absent: 'until Ctrl-C',
    range: { min: 1, max: 86_400 },
  },
  idle: {
    type: 'string',
    value: '<ms>',
    group: 'options',
    commands: ['serve'],
    help: 'traffic is idle after this long without a change',
    default: 1000,
    range: { min: 50, max: 600_000 },
  },
  // --- external clients
  'client-cmd': {
    type: 'string',
    multiple: true,
    value: "'<command>'",
    group: 'clients',
    commands: LOAD,
    help:
      "run this command as one more row (repeatable), judged from the server's own ledger of connections and requests. Placeholders: {origin} {url} {ca} {cert} {key} {concurrency} {host} {port}, also in the environment as MUXBENCH_ORIGIN, MUXBENCH_URL, MUXBENCH_CA, … . Split into words like a shell (quotes, backslashes) but run without one; for pipes or $VARS write --client-cmd \"sh -c '…'\"",
  },
  'client-id': {
    type: 'string',
    multiple: true,
    value: '<id>',
    group: 'clients',
    commands: LOAD,
    help: "the row's name, once per --client-cmd in order",
    absent: 'the program',
  },
  'client-timeout': {
    type: 'string',
    value: '<s>',
    group: 'clients',
    commands: LOAD,
    help: 'kill the command (its whole process group) after this long',
    default: 60,
    range: { min: 0.1, max: 3600 },
  },
  intent: {
    type: 'string',
    value: '<intent>',
    group: 'clients',
    commands: [...LOAD, 'serve'],
    choices: ['one-connection', 'pool', 'connection-per-request'],
    default: 'one-connection',
    help: 'what the client should do: one-connection, pool or connection-per-request',
    per: { serve: { group: 'options', help: 'what the client should do, for the rules: one-connection, pool or connection-per-request' } },
  },
  // --- server behaviours (targets/server-options.ts)
  'server-max-streams': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: 'HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS',
    // 2^32-1 is the HTTP/2 maximum for SETTINGS_MAX_CONCURRENT_STREAMS.
    range: { min: 1, max: 2 ** 32 - 1 },
  },
  'server-goaway-after': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: 'HTTP/2: a GOAWAY after n requests on a connection, which then closes once its streams are done',
    range: { min: 1, max: 1_000_000_000 },
  },
  'server-goaway-error': {
    type: 'string',
    value: '<code>',
    group: 'server',
    commands: ['run'],
    help: 'with --server-goaway-after: an error GOAWAY instead of NO_ERROR (INTERNAL_ERROR, ENHANCE_YOUR_CALM, or 0-255)',
  },
  'server-keepalive-timeout': {
    type: 'string',
    value: '<ms>',
    group: 'server',
    commands: ['run'],
    help: 'close a connection idle that long (HTTP/1.1: the socket, no warning; HTTP/2: GOAWAY then close)',
    range: { min: 1, max: 600_000 },
  },
  'server-keepalive-max': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: 'HTTP/1.1: Keep-Alive: max=<left> on each response, Connection: close on the n-th (as Apache does)',
    range: { min: 1, max: 1_000_000_000 },
  },
  'server-close-after': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: 'HTTP/1.1: Connection: close on the n-th response, no hint before',
    range: { min: 1, max: 1_000_000_000 },
  },
  'server-reset-every': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: "every n-th request: headers and half the body, then the connection's socket is destroyed",
    range: { min: 1, max: 1_000_000_000 },
  },
  'body-bytes': {
    type: 'string',
    value: '<n>',
    group: 'server',
    commands: ['run'],
    help: 'size of every response body',
    // The ping server's own default.
    absent: '5, "pong\\n"',
    range: { min: 0, max: MAX_BODY_BYTES },
  },
  // --- runtimes
  node: {
    type: 'string',
    value: '<list>',
    group: 'runtimes',
    commands: ['run', 'runtimes'],
    default: 'lts',
    help:
      "runtimes to measure on, comma-separated: majors 20,22,24,26 or an exact version (24.21.0), installed from the npm registry's 'node' package into the cache ($XDG_CACHE_HOME/muxbench, else ~/.cache/muxbench) once; 'current' (the Node running muxbench), 'lts' (the newest LTS line), or a path to a node binary; bun and deno (bun@1.4.5, deno@2.9.6) from the npm registry's bun and @deno/<platform> packages: their fetch, node:http2 and node:https run by a harness, counted by the server (docs/runtimes.md)",
  },
  runtime: {
    type: 'string',
    value: '<list>',
    group: 'runtimes',
    commands: ['run', 'runtimes'],
    help: 'the same list with the runtime named: node26,bun,deno',
  },
  with: {
    type: 'string',
    multiple: true,
    value: '<npm spec>',
    group: 'runtimes',
    commands: ['run', 'runtimes'],
    help:
      "library versions for the built-in strategies (repeatable): --with undici@7 --with got@14.6.6 is one set; two specs of the same library are two variants (--with undici@7 --with undici@8); 'project' = undici/got from ./node_modules. A version whose engines the runtime misses is skipped with the reason. Every runtime × library set is a variant: cases alternate between variants, and with more than one the report adds a matrix (rows strategies, columns variants)",
    absent: 'the newest majors each runtime can run: Node 20 undici 7, got 14 + http2-wrapper 2; Node >= 22.19 undici 8, got 16',
  },
  // --- detail, exports and thresholds (config-output.ts)
  phases: {
    type: 'boolean',
    group: 'output',
    commands: ['run'],
    help: 'add the phase tables (connect, TLS, TTFB, total) under each scenario',
  },
  verbose: {
    type: 'boolean',
    group: 'output',
    commands: ['run'],
    help: "the full detail: a sentence per strategy, every repetition's verdicts, phases",
  },
  'export-csv': {
    type: 'string',
    value: '<file>',
    group: 'output',
    commands: ['run'],
    help: 'CSV: one row per scenario × strategy × repetition × metric, with its unit',
  },
  'export-markdown': {
    type: 'string',
    value: '<file>',
    group: 'output',
    commands: ['run'],
    help: 'the Markdown summary (tables, comparison, verdicts, thresholds)',
  },
  'export-github-benchmark': {
    type: 'string',
    value: '<file>',
    group: 'output',
    commands: ['run'],
    help:
      'github-action-benchmark JSON: <file> holds customSmallerIsBetter (latency, connections, handshakes, errors), <file>-bigger.json customBiggerIsBetter (throughput)',
  },
  'export-bmf': {
    type: 'string',
    value: '<file>',
    group: 'output',
    commands: ['run'],
    help: 'Bencher Metric Format JSON (latency in ns, throughput in req/s, counts)',
  },
  threshold: {
    type: 'string',
    multiple: true,
    value: "'<scenario>/<strategy>: <metric><op><number>, …'",
    group: 'output',
    commands: ['run'],
    help:
      "an absolute limit, e.g. 'burst/undici-h2: conns.cold<=1, p99<50, errors==0'; * matches any scenario or strategy; op: < <= > >= == !=; repeatable; exit 1 naming each one that failed",
  },
  config: {
    type: 'string',
    value: '<file>',
    group: 'output',
    commands: ['run'],
    help: 'thresholds from a JSON file:\n{ "thresholds": { "burst/undici-h2": ["conns.cold<=1", "p99<50"] } }',
    absent: './muxbench.config.json when it exists',
  },
  'no-config': {
    type: 'boolean',
    group: 'output',
    commands: ['run'],
    help: 'ignore ./muxbench.config.json',
  },
  gate: {
    type: 'string',
    multiple: true,
    value: '<scenario/strategy/metric>',
    group: 'output',
    commands: ['run', 'compare'],
    help:
      'with --compare: gate only this row (repeatable), e.g. burst/my-client/p50; --precision spends its budget on the gated rows; config: { "gate": [...] }',
    per: {
      compare: {
        group: 'options',
        help:
          'gate only this row, e.g. burst/my-client/p50 (repeatable; * for any scenario or strategy; metrics p50 p99 throughput cpu.client cpu.server); the correction runs over the gated rows only, the rest is reported',
      },
    },
  },
  // --- every command
  debug: {
    type: 'boolean',
    group: 'options',
    commands: ALL,
    help: 'stack traces on errors',
  },
  help: {
    type: 'boolean',
    short: 'h',
    group: 'options',
    commands: ALL,
    help: 'this text',
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** One command's view of an option: the table's row with that command's `per` applied. */
export interface OptionView {
  name: string;
  type: 'string' | 'boolean';
  multiple: boolean;
  short: string | undefined;
  value: string | undefined;
  default: number | string | undefined;
  absent: string | undefined;
  range: { min: number; max: number } | undefined;
  choices: readonly string[] | undefined;
  group: Group;
  help: string;
}

export function optionView(name: string, command: CommandName): OptionView {
  const spec: OptionSpec | undefined = (OPTIONS as Record<string, OptionSpec>)[name];
  if (spec === undefined || !spec.commands.includes(command)) throw new Error(`muxbench ${command} has no option --${name}`);
  const use: OptionUse = spec.per?.[command] ?? {};
  // A command's `per` that names a default or an absent text (even as undefined) replaces both of the row's.
  const own = 'default' in use || 'absent' in use;
  return {
    name,
    type: spec.type,
    multiple: spec.multiple === true,
    short: use.short ?? spec.short,
    value: use.value ?? spec.value,
    default: own ? use.default : spec.default,
    absent: own ? use.absent : spec.absent,
    range: use.range ?? spec.range,
    choices: spec.choices,
    group: use.group ?? spec.group,
    help: use.help ?? spec.help,
  };
}

/** A command's options, in the table's order. */
export function commandOptions(command: CommandName): OptionView[] {
  return Object.keys(OPTIONS)
    .filter((name) => (OPTIONS as Record<string, OptionSpec>)[name]!.commands.includes(command))
    .map((name) => optionView(name, command));
}

/** The default an option has for a command (the table's `default`, or that command's own). */
export function optionDefault(name: OptionName, command: CommandName): number | string | undefined {
  return optionView(name, command).default;
}

/** The range the validation checks (`command`'s own when it has one); an option without one is a mistake in the code, not in the input. */
export function optionRange(name: OptionName, command?: CommandName): { min: number; max: number } {
  const spec: OptionSpec | undefined = (OPTIONS as Record<string, OptionSpec>)[name];
  const range = (command !== undefined ? spec?.per?.[command]?.range : undefined) ?? spec?.range;
  if (range === undefined) throw new Error(`--${name} has no range in the option table`);
  return range;
}

/** A numeric default the code relies on; its absence is a mistake in the table, not in the input. */
export function numberDefault(name: OptionName, command: CommandName): number {
  const value = optionDefault(name, command);
  if (typeof value !== 'number') throw new Error(`--${name} has no numeric default for ${command} in the option table`);
  return value;
}

/** A string default the code relies on (a scenario id, a directory, a choice). */
export function stringDefault(name: OptionName, command: CommandName): string {
  const value = optionDefault(name, command);
  if (typeof value !== 'string') throw new Error(`--${name} has no default for ${command} in the option table`);
  return value;
}

/** The values an option takes; an option without a list is a mistake in the code. */
export function optionChoices(name: OptionName): readonly string[] {
  const choices = (OPTIONS as Record<string, OptionSpec>)[name]?.choices;
  if (choices === undefined) throw new Error(`--${name} has no list of values in the option table`);
  return choices;
}
