/**
 * Options, validated once at the boundary. Every message says what is wrong and what
 * to do; the CLI turns a UsageError into one line and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { checkOutDir } from './check-out-dir.js';
import { defaultScenarioIds, expandScenarioIds, scenarios, SWEEP_GROUP } from './workload/scenarios.js';
import { strategies } from './strategies/registry.js';
import { targetChoice, type TargetChoice } from './targets/choice.js';
import { H2LOAD_ID } from './reference/h2load.js';
import { parseWith } from './runtimes/libraries.js';
import { checkNodeEntry } from './runtimes/node-runtime.js';
import type { RuntimeSelection } from './runtimes/variants.js';
import { outputConfig, type OutputConfig } from './config-output.js';
import { clientsConfig, type ClientsConfig } from './client-cmd/options.js';
import { baseConfig, type BaseChoice } from './base/options.js';
import { parseOptions } from './options/parse-config.js';
import { numberDefault, optionRange, stringDefault, type CommandName, type OptionName } from './options/table.js';

export interface RunConfig {
  scenarios: string[];
  /** No --scenario: the default scenarios, each with its default strategy subset (seed-rtt20; workload/scenarios.ts). */
  scenariosByDefault?: true;
  strategies: string[];
  strategyFiles: string[];
  concurrency: number | undefined;
  repetitions: number;
  /** Cases of each scenario run and discarded before the measurement (run/warmup.ts). */
  warmup: number;
  quick: boolean;
  outDir: string | undefined;
  mtls: boolean;
  requestTimeoutMs: number;
  quiet: boolean;
  debug: boolean;
  /** Write every request's trace events here (NDJSON), or undefined. */
  traceFile?: string | undefined;
  /** local (default), nginx, or an external --url; validated in target/choice.ts. */
  target: TargetChoice;
  /** Print the results JSON to stdout instead of the table. */
  json: boolean;
  /** A baseline results file to compare against (read and validated at the start of the run). */
  compare: string | undefined;
  /** With compare: fail (exit 1) on a significant regression above this fraction. */
  failOnRegression: number | undefined;
  /** With compare: gate even against a baseline from another CPU, core count or runtime. */
  allowOtherMachine?: boolean;
  /** Add repetitions until every mean's 95 % half-width is within this fraction, or `maxTimeMs` is spent. */
  precision?: { target: number; maxTimeMs: number } | undefined;
  /** Pin the server and the workers to separate cores (taskset). */
  pin?: boolean;
  /** Also write the HTML report here. */
  html: string | undefined;
  /** Open-loop load instead of closed-loop rounds; undefined = closed loop (the default). */
  openLoop: { rateRps: number; durationMs: number } | undefined;
  /** --duration without --rate: the measured window of sustained scenarios (ms); undefined = the scenario's own. */
  sustainedMs?: number | undefined;
  /** Runtimes × library sets (--node, --with); undefined = the Node running muxbench with its own libraries (verify, trace). */
  runtimes?: RuntimeSelection | undefined;
  /** Output detail, exports and thresholds (config-output.ts); absent for verify and trace. */
  output?: OutputConfig;
  /** External client commands (--client-cmd), each one more row counted by the server; undefined = none. */
  clients?: ClientsConfig | undefined;
  /** --request-bytes: every ping is a POST with a body of this many bytes; undefined = GET. */
  requestBytes?: number | undefined;
  /** --base-ref / --base-dir: also measure the previous version of the strategy files, paired (src/base/). */
  base?: BaseChoice | undefined;
  /** --lifetime-gaps: the lifetime scenario's idle gaps (ms), one burst before each; undefined = the scenario's own. */
  lifetimeGapsMs?: number[] | undefined;
}

export const runOptions = parseOptions('run');

/** parseArgs, with its errors turned into one-line usage errors that say what to do. */
export type ParsedFlags<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O): ParsedFlags<O> {
  try {
    return parseArgs({ args: negativeValues(args, options), options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), { cause: error });
  }
}

/**
 * `--repetitions -1`: parseArgs reads '-1' as an option and says the flag "needs a value";
 * joined as `--repetitions=-1`, the flag's own check says what range it takes.
 */
function negativeValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1] ?? 'an option';
  if (message.startsWith('Unknown option')) return `unknown option '${flag}'`;
  if (message.includes('argument missing')) return `${flag} needs a value`;
  if (message.includes('ambiguous')) return `${flag} needs a value; a value that starts with '-' is written ${flag}=VALUE`;
  if (message.includes('does not take an argument')) return `${flag} takes no value`;
  return message.split('\n')[0] ?? 'bad arguments';
}

export function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** A whole number within the option table's range for `--name`; not given: its default for `command`. */
export function wholeNumber(name: OptionName, raw: string | undefined, command: CommandName = 'run'): number {
  const { min, max } = optionRange(name, command);
  return integer(name, raw, raw === undefined ? numberDefault(name, command) : 0, min, max);
}

/** A whole number within the option table's range for `--name`, or undefined when not given (the option has no default). */
export function optionalWholeNumber(name: OptionName, raw: string | undefined): number | undefined {
  const { min, max } = optionRange(name);
  return raw === undefined ? undefined : integer(name, raw, 0, min, max);
}

export function idList(name: string, raw: string | undefined, known: readonly string[], extra: readonly string[] = []): string[] {
  if (raw === undefined) return [...known];
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new UsageError(`--${name} needs at least one id: choose from ${known.join(', ')}`);
  for (const id of ids) {
    if (id === 'all') return [...known];
    if (!known.includes(id) && !extra.includes(id)) {
      throw new UsageError(`unknown ${name === 'scenario' ? 'scenario' : 'strategy'} '${id}': choose from ${known.join(', ')}`);
    }
  }
  return [...new Set(ids)];
}

/** The native reference (h2load) row joins the default and 'all' strategy sets; otherwise only when named. */
function withReference(raw: string | undefined, ids: string[]): string[] {
  // No ids: only the user's --strategy-file strategies run, and no reference with them.
  if (ids.length === 0) return ids;
  const all = raw === undefined || raw.split(',').some((s) => s.trim() === 'all');
  return all && !ids.includes(H2LOAD_ID) ? [...ids, H2LOAD_ID] : ids;
}

/** "5%", "5" or "2.5 %" → 0.05, 0.05, 0.025. */
export function percent(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(raw);
  const value = m ? Number(m[1]) : NaN;
  if (!m || value <= 0 || value >= 1000) throw new UsageError(`--${name} must be a percentage above 0, like 5%, got '${raw}'`);
  return value / 100;
}

export const compareOptions = parseOptions('compare');

/** compare --a ID --b ID: both or neither, and two different ids. */
export function abOption(a: string | undefined, b: string | undefined): { a: string; b: string } | undefined {
  if (a === undefined && b === undefined) return undefined;
  if (a === undefined || b === undefined || a.trim() === '' || b.trim() === '') {
    throw new UsageError('--a and --b go together: muxbench compare RESULTS.json --a ID --b ID (strategy or runtime variant ids)');
  }
  if (a === b) throw new UsageError(`--a and --b are both '${a}': name two different strategies or runtime variants`);
  return { a, b };
}

export const reportOptions = parseOptions('report');

export type RunFlags = ReturnType<typeof parseFlags<typeof runOptions>>['values'];

/**
 * --strategies against the built-in ids (plus `extra`); with --strategy-file and no
 * --strategies, none: only the user's strategies run.
 */
export function strategySelection(raw: string | undefined, strategyFiles: readonly string[], extra: readonly string[] = []): string[] {
  if (strategyFiles.length > 0 && raw === undefined) return [];
  return idList('strategies', raw, strategies.map((s) => s.id), extra);
}

export function concurrencyOption(raw: string | undefined): number | undefined {
  return optionalWholeNumber('concurrency', raw);
}

export function requestTimeoutOption(raw: string | undefined): number {
  return wholeNumber('request-timeout', raw);
}

/** --request-bytes: 0 to 64 MiB (the response body's bound, --body-bytes). */
export function requestBytesOption(raw: string | undefined): number | undefined {
  return optionalWholeNumber('request-bytes', raw);
}

/** --lifetime-gaps 1000,10000,90000: 1 to 20 gaps of 0 ms to 4 h each (the longest --duration). */
export function lifetimeGapsOption(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length > 20) throw new UsageError(`--lifetime-gaps takes at most 20 gaps, got ${parts.length}`);
  return parts.map((p) => integer('lifetime-gaps', p, 0, 0, 4 * 3600 * 1000));
}

export function runConfig(values: RunFlags): RunConfig {
  const quick = values.quick ?? false;
  const strategyFiles = values['strategy-file'] ?? [];
  const target = targetChoice(values);
  // Like --strategy-file: with --client-cmd and no --strategies, only the commands run.
  const ownRows = [...strategyFiles, ...(values['client-cmd'] ?? [])];
  return {
    scenarios:
      values.scenario === undefined
        ? defaultScenarioIds({ ownRelay: target.kind !== 'url' && target.network === undefined })
        : expandScenarioIds(idList('scenario', values.scenario, scenarios.map((s) => s.id), [SWEEP_GROUP])),
    ...(values.scenario === undefined ? { scenariosByDefault: true as const } : {}),
    strategies: withReference(values.strategies, strategySelection(values.strategies, ownRows, [H2LOAD_ID])),
    strategyFiles,
    concurrency: concurrencyOption(values.concurrency),
    repetitions: quick && values.repetitions === undefined ? 1 : wholeNumber('repetitions', values.repetitions),
    warmup: quick && values.warmup === undefined ? 0 : wholeNumber('warmup', values.warmup),
    quick,
    outDir: outDirOption(values['no-write'] ?? false, values.out),
    mtls: values.mtls ?? false,
    requestTimeoutMs: requestTimeoutOption(values['request-timeout']),
    quiet: values.quiet ?? false,
    debug: values.debug ?? false,
    traceFile: traceFile(values['trace-file']),
    target,
    json: values.json ?? false,
    compare: values.compare,
    failOnRegression: failOnRegression(values),
    allowOtherMachine: values['allow-other-machine'] ?? false,
    precision: precisionOption(values),
    pin: values.pin ?? false,
    html: values.html,
    openLoop: openLoop(values),
    sustainedMs: values.rate === undefined && values.duration !== undefined ? durationSeconds(values.duration) * 1000 : undefined,
    runtimes: runtimeSelection(runtimeList(values.node, values.runtime), values.with),
    output: outputConfig(values),
    clients: clientsConfig(values, target),
    requestBytes: requestBytesOption(values['request-bytes']),
    base: baseConfig(values),
    lifetimeGapsMs: lifetimeGapsOption(values['lifetime-gaps']),
  };
}

/** --out (the table's default directory when not given), checked writable now so that a bad path costs nothing; --no-write: none. */
function outDirOption(noWrite: boolean, out: string | undefined): string | undefined {
  if (noWrite) {
    if (out !== undefined) throw new UsageError('--out and --no-write exclude each other: choose one');
    return undefined;
  }
  const dir = out ?? stringDefault('out', 'run');
  checkOutDir('out', dir);
  return dir;
}

/**
 * --runtime is --node with the runtime named: node26, node24.21.0, bun, deno, bun@1.4.5,
 * current, lts (`--runtime node26,bun,deno`). One of the two, not both.
 */
export function runtimeList(node: string | undefined, runtime: string | undefined): string | undefined {
  if (runtime === undefined) return node;
  if (node !== undefined) throw new UsageError('--node and --runtime name the same list: give one (--runtime node26,bun,deno)');
  return runtime
    .split(',')
    .map((entry) => entry.trim().replace(/^node(?=\d)/, ''))
    .join(',');
}

/** --node (not given: the table's default, the newest LTS line) and --with, checked before anything is installed. */
export function runtimeSelection(node: string | undefined, withs: string[] | undefined): RuntimeSelection {
  const nodes = (node ?? stringDefault('node', 'run')).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (nodes.length === 0) throw new UsageError("--node needs at least one runtime: majors (20,22,24,26), 'current', 'lts' or a path to a node binary");
  for (const entry of nodes) checkNodeEntry(entry);
  for (const spec of withs ?? []) parseWith(spec);
  return { nodes: [...new Set(nodes)], with: withs ?? [] };
}

function failOnRegression(values: RunFlags): number | undefined {
  const threshold = percent('fail-on-regression', values['fail-on-regression']);
  if (threshold !== undefined && values.compare === undefined && values['base-ref'] === undefined && values['base-dir'] === undefined) {
    throw new UsageError('--fail-on-regression needs a baseline: add --compare results/baseline.json, or --base-ref v1.4.0 for the previous client in this run');
  }
  return threshold;
}

/**
 * --duration in seconds, up to the table's bound (4 hours): every loop of a case is bounded
 * in count and time, the ledgers keep summaries past a set size (docs/long-runs.md), and the
 * case's time limit grows with the duration.
 */
const durationSeconds = (raw: string): number => wholeNumber('duration', raw);

function openLoop(values: RunFlags): RunConfig['openLoop'] {
  if (values.rate === undefined) return undefined;
  if (values.duration === undefined) {
    throw new UsageError('open-loop load needs both --rate <requests/s> and --duration <seconds>');
  }
  return {
    rateRps: wholeNumber('rate', values.rate),
    durationMs: durationSeconds(values.duration) * 1000,
  };
}

/** --trace-file: a path to write NDJSON to; an empty value is a mistake, not "no file". */
export function traceFile(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim().length === 0) throw new UsageError('--trace-file needs a file name, e.g. --trace-file trace.ndjson');
  return raw;
}


/**
 * --precision 3% [--max-time 120]: repetitions are added until each mean is within the
 * target or the time is spent; --repetitions N is then the minimum (at least 3). Without
 * --precision, --repetitions keeps a fixed count.
 */
function precisionOption(values: RunFlags): RunConfig['precision'] {
  const target = percent('precision', values.precision);
  const maxTimeMs = values['max-time'] === undefined ? undefined : wholeNumber('max-time', values['max-time']) * 1000;
  if (target === undefined) {
    if (maxTimeMs !== undefined) throw new UsageError('--max-time bounds --precision: add --precision 3% (or drop --max-time)');
    return undefined;
  }
  // Without --max-time, the table's default budget (measured, see the README's "Precision" section).
  return { target, maxTimeMs: maxTimeMs ?? wholeNumber('max-time', undefined) * 1000 };
}
