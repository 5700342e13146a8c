/**
 * The programmatic API: `run`, `verify` and `compare` do what the commands of the same
 * name do, and return the results instead of only printing them. Options are the
 * command's flags by their long names (`{ scenario: 'burst', concurrency: '50', quick: true }`),
 * validated exactly as on the command line (a bad value throws a UsageError with the
 * flag's one-line message). The CLI (src/cli.ts) calls these same functions.
 * Nothing is printed unless `stdout`/`stderr` are given; `onEvent` sees every case start
 * and finish, as autocannon's `tick`/`done` events do.
 */
import type { RunFlags } from './config.js';
import type { verifyOptions } from './config-diagnose.js';
import type { CompareOutcome } from './commands/compare.js';
import type { VerifyOutcome } from './commands/verify.js';
import type { ProgressStream } from './commands/progress.js';
import type { RunOutcome } from './commands/run.js';
import type { RunEvent } from './run/runner.js';

export type { Results } from './results.js';
export type { RunEvent } from './run/runner.js';
export type { VerifyOutcome } from './commands/verify.js';
export type { CompareOutcome } from './commands/compare.js';
export type { RunOutcome, RunVerdict } from './commands/run.js';
export type { Comparison } from './results/comparison.js';

/** Where a call's output goes, and what it hears about (all optional). */
export interface ApiHooks {
  /** Every case as it starts and finishes, and the results files once written. */
  onEvent?: (event: RunEvent) => void;
  /** The command's report text (the table, verify's verdicts); default: dropped. */
  stdout?: (text: string) => void;
  /** Warnings and notes; default: dropped. */
  stderr?: (text: string) => void;
  /** The command line recorded in the results (`results.command`); default: `muxbench (API)`. */
  command?: string;
  /** Where the progress bar is drawn (only on a TTY); default: nowhere. */
  progressStream?: ProgressStream;
  /** Environment for GITHUB_STEP_SUMMARY; default: none (no step summary). */
  env?: Record<string, string | undefined>;
}

type Flags<O> = { -readonly [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };

/** `muxbench run`'s flags (see `muxbench run --help`), plus the hooks. */
export type RunOptions = Omit<RunFlags, 'help'> & ApiHooks;
/** `muxbench verify`'s flags (see `muxbench verify --help`), plus the hooks. */
export type VerifyOptions = Omit<Flags<typeof verifyOptions>, 'help'> & ApiHooks;
/** `muxbench compare`: two results files (`base`, `next`), or one with `a` and `b`. */
export interface CompareOptions extends Pick<ApiHooks, 'stdout' | 'stderr'> {
  base: string;
  next?: string;
  a?: string;
  b?: string;
  /** A percentage like '5%' (the CLI's --fail-on-regression); undefined = no gate. */
  failOnRegression?: string;
  allowOtherMachine?: boolean;
  /** The rows the gate guards, e.g. ['burst/my-client/p50'] (the CLI's --gate); absent = every latency and throughput row. */
  gate?: string[];
  /** Print the comparison as JSON instead of text (to `stdout`). */
  json?: boolean;
}

const drop = (): void => {};
const nowhere: ProgressStream = { isTTY: false, write: () => true };

function split<T extends ApiHooks>(options: T): { hooks: ApiHooks; flags: Omit<T, keyof ApiHooks> } {
  const { onEvent, stdout, stderr, command, progressStream, env, ...flags } = options;
  return { hooks: { onEvent, stdout, stderr, command, progressStream, env }, flags };
}

function runIo(hooks: ApiHooks) {
  return {
    stdout: hooks.stdout ?? drop,
    stderr: hooks.stderr ?? drop,
    command: hooks.command ?? 'muxbench (API)',
    progressStream: hooks.progressStream ?? nowhere,
    env: hooks.env ?? {},
  };
}

/**
 * Measure: what `muxbench run` does. Resolves to the results object (also written to `out`,
 * whose default `muxbench run --help` shows, unless `'no-write': true`), with `verdict`: the exit code the CLI exits
 * with for the same run (the gate of `failOnRegression`, thresholds, an interruption) and
 * its reasons, one line each (also written to `stderr`).
 */
export async function run(options: RunOptions = {}): Promise<RunOutcome> {
  const { hooks, flags } = split(options);
  const [{ runConfig }, { runCommand }] = await Promise.all([import('./config.js'), import('./commands/run.js')]);
  return runCommand(runConfig(flags), runIo(hooks), hooks.onEvent ? { onEvent: hooks.onEvent } : {});
}

/** A cold burst through each strategy and every diagnosis rule: what `muxbench verify` does. `failed` lists the one-connection strategies that broke a rule. */
export async function verify(options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const { hooks, flags } = split(options);
  const [{ verifyConfig }, { verifyCommand }] = await Promise.all([import('./config-diagnose.js'), import('./commands/verify.js')]);
  return verifyCommand(verifyConfig(flags), runIo(hooks), hooks.onEvent ? { onEvent: hooks.onEvent } : {});
}

/** Compare two results files (or A/B within one): what `muxbench compare` does. `exitCode` is the gate's (0, 1 regression, 2 other machine). */
export async function compare(options: CompareOptions): Promise<CompareOutcome> {
  const [{ abOption, percent }, { compareCommand }, { parseGateRow }] = await Promise.all([
    import('./config.js'),
    import('./commands/compare.js'),
    import('./gate-rows.js'),
  ]);
  const ab = abOption(options.a, options.b);
  return compareCommand(
    {
      base: options.base,
      next: options.next,
      ...(ab ? { ab } : {}),
      failOnRegression: percent('fail-on-regression', options.failOnRegression),
      allowOtherMachine: options.allowOtherMachine ?? false,
      gate: (options.gate ?? []).map((g) => parseGateRow(g)),
      json: options.json ?? false,
    },
    { stdout: options.stdout ?? drop, stderr: options.stderr ?? drop },
  );
}
