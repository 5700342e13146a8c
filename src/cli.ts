/**
 * argv -> command. Exit codes: 0 done, 1 the run failed, 2 bad command line.
 * Errors print as one line; the stack only with --debug.
 */
// Each command's modules are imported only when that command is chosen: the measured
// libraries, the target and the reports are not loaded to print help (docs/architecture.md,
// "Startup"). Only errors.js is static: the catch below needs its classes.
import type { ParseArgsConfig } from 'node:util';
import type { ParsedFlags } from './config.js';
import { MuxbenchError, UsageError } from './errors.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Environment for GITHUB_STEP_SUMMARY (default: process.env). */
  env?: Record<string, string | undefined>;
}

const defaultIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Quote argv so the printed command can be pasted back into a shell. */
export function shellCommand(args: string[]): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return ['npx', 'muxbench', ...args].map(quote).join(' ');
}

/** The CLI's io as the API's hooks: output to the terminal, the command line recorded in the results. */
function runIo(io: CliIo, args: string[]) {
  return { stdout: io.stdout, stderr: io.stderr, command: shellCommand(args), progressStream: process.stderr, env: io.env ?? process.env };
}

/** One entry per command: its name, its lines in `muxbench --help`, and what it does (modules imported on use). */
interface Command {
  name: string;
  usage: ReadonlyArray<readonly [string, string]>;
  run(rest: string[], args: string[], io: CliIo): Promise<number>;
}

type OptionTable = NonNullable<ParseArgsConfig['options']>;

/**
 * A command that takes flags, as one table entry: its option table, its help and what it
 * does, each loaded on use. This one place parses the flags (bad ones are one usage line),
 * answers --help and refuses arguments the command does not take; `run` gets what is left.
 */
function flagCommand<O extends OptionTable>(spec: {
  name: string;
  usage: Command['usage'];
  options: () => Promise<O>;
  help: () => Promise<string>;
  /** Whether the command takes positional arguments (results files, an action); it checks them itself. */
  positionals?: boolean;
  run: (flags: ParsedFlags<O>, args: string[], io: CliIo) => Promise<number>;
}): Command {
  return {
    name: spec.name,
    usage: spec.usage,
    async run(rest, args, io) {
      const [{ parseFlags }, options] = await Promise.all([import('./config.js'), spec.options()]);
      const flags = parseFlags(rest, options);
      if ((flags.values as { help?: boolean }).help) {
        io.stdout(await spec.help());
        return 0;
      }
      if (!spec.positionals && flags.positionals.length > 0) throw new UsageError(`unexpected argument '${flags.positionals[0]}'`);
      return spec.run(flags, args, io);
    },
  };
}

/** What an interrupted run exits with (130 SIGINT, 143 SIGTERM), or undefined when it ran to the end. */
async function interrupted(results: { interruption?: { signal: 'SIGINT' | 'SIGTERM' } | undefined }): Promise<number | undefined> {
  return results.interruption ? (await import('./commands/run.js')).interruptExitCode(results.interruption.signal) : undefined;
}

export const COMMANDS: readonly Command[] = [
  flagCommand({
    name: 'run',
    usage: [['run [options]', 'run the benchmark (npm run bench = muxbench run --precision 3% --max-time 135)']],
    options: async () => (await import('./config.js')).runOptions,
    help: async () => (await import('./commands/help.js')).runHelp(),
    async run({ values }, args, io) {
      const { help: _help, ...flags } = values;
      const results = await (await import('./api.js')).run({ ...flags, ...runIo(io, args) });
      // The gate is decided in the run (src/pipeline/finish.ts), the same for the API.
      return results.verdict.exitCode;
    },
  }),
  flagCommand({
    name: 'verify',
    usage: [['verify [options]', 'cold burst + diagnosis rules; exit 1 if a one-connection strategy breaks one']],
    options: async () => (await import('./config-diagnose.js')).verifyOptions,
    help: async () => (await import('./commands/help.js')).verifyHelp(),
    async run({ values }, args, io) {
      const { help: _help, ...flags } = values;
      const { failed, results } = await (await import('./api.js')).verify({ ...flags, ...runIo(io, args) });
      return (await interrupted(results)) ?? (failed.length > 0 ? 1 : 0);
    },
  }),
  flagCommand({
    name: 'trace',
    usage: [['trace [options]', 'per-request connection timeline of each strategy (seed scenario)']],
    options: async () => (await import('./config-diagnose.js')).traceOptions,
    help: async () => (await import('./commands/help.js')).traceHelp(),
    async run({ values }, args, io) {
      const [{ traceConfig }, { traceCommand }] = await Promise.all([import('./config-diagnose.js'), import('./commands/trace.js')]);
      const traced = await traceCommand(traceConfig(values), { ...io, command: shellCommand(args) });
      return (await interrupted(traced)) ?? 0;
    },
  }),
  flagCommand({
    name: 'serve',
    usage: [['serve [options]', 'a target for any client: prints origin and certificates, then what the server saw']],
    options: async () => (await import('./commands/serve.js')).serveOptions,
    help: async () => (await import('./commands/help-serve.js')).serveHelp(),
    async run({ values }, _args, io) {
      const { serveCommand, serveConfig } = await import('./commands/serve.js');
      await serveCommand(serveConfig(values), io);
      return 0;
    },
  }),
  flagCommand({
    name: 'compare',
    usage: [
      ['compare BASE NEW', 'compare two results files (95 % intervals, Holm–Bonferroni, count changes)'],
      ['compare FILE --a ID --b ID', 'A against B within one run, paired by repetition'],
    ],
    options: async () => (await import('./config.js')).compareOptions,
    help: async () => (await import('./commands/help-reports.js')).compareHelp(),
    positionals: true,
    async run({ values, positionals }, _args, io) {
      const [base, next, extra] = positionals;
      const ab = (await import('./config.js')).abOption(values.a, values.b);
      if (base === undefined || (ab ? next !== undefined : next === undefined || extra !== undefined)) {
        throw new UsageError(
          ab
            ? 'compare --a/--b needs exactly one results file: muxbench compare RESULTS.json --a ID --b ID'
            : 'compare needs exactly two results files: muxbench compare BASE.json NEW.json (or one file with --a ID --b ID)',
        );
      }
      const outcome = await (await import('./api.js')).compare({
        base,
        ...(next !== undefined ? { next } : {}),
        ...(ab ?? {}),
        failOnRegression: values['fail-on-regression'],
        allowOtherMachine: values['allow-other-machine'] ?? false,
        ...(values.gate !== undefined ? { gate: values.gate } : {}),
        json: values.json ?? false,
        stdout: io.stdout,
        stderr: io.stderr,
      });
      return outcome.exitCode;
    },
  }),
  flagCommand({
    name: 'report',
    usage: [['report FILE --html OUT.html', 'render a results file as a self-contained HTML report']],
    options: async () => (await import('./config.js')).reportOptions,
    help: async () => (await import('./commands/help-reports.js')).reportHelp(),
    positionals: true,
    async run({ values, positionals }, _args, io) {
      const [file, extra] = positionals;
      if (file === undefined || extra !== undefined) throw new UsageError('report needs one results file: muxbench report RESULTS.json --html OUT.html');
      if (values.html === undefined && values.md === undefined) throw new UsageError('report needs an output: --html OUT.html and/or --md OUT.md');
      const { reportCommand } = await import('./commands/report.js');
      return await reportCommand({ file, html: values.html, md: values.md }, io);
    },
  }),
  flagCommand({
    name: 'merge',
    usage: [['merge A.json B.json … -o OUT.json', 'add up results files from several hosts (counts summed, histograms added)']],
    options: async () => (await import('./commands/merge.js')).mergeOptions,
    help: async () => (await import('./commands/help-reports.js')).mergeHelp(),
    positionals: true,
    async run({ values, positionals }, args, io) {
      const { mergeCommand } = await import('./commands/merge.js');
      return await mergeCommand({ files: positionals, out: values.out, md: values.md, command: shellCommand(args) }, io);
    },
  }),
  flagCommand({
    name: 'runtimes',
    usage: [['runtimes install', 'install the Node runtimes and library sets of --node / --with into the cache']],
    options: async () => (await import('./commands/runtimes.js')).runtimesOptions,
    help: async () => (await import('./commands/help-runtimes.js')).runtimesHelp(),
    positionals: true,
    async run({ values, positionals }, _args, io) {
      const [action, extra] = positionals;
      if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
      return await (await import('./commands/runtimes.js')).runtimesCommand(action, values, io);
    },
  }),
  {
    name: 'certs',
    usage: [
      ['certs', '(re)generate the local CA, server and client certificates'],
    ],
    async run(rest, args, io) {
      const paths = await (await import('./targets/certs.js')).ensureCerts();
      io.stdout(`certificates ready in ${paths.dir}\n`);
      return 0;
    },
  },
];

export async function main(args: string[], io: CliIo = defaultIo): Promise<number> {
  const debug = args.includes('--debug');
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout((await import('./commands/help-main.js')).mainHelp(COMMANDS.flatMap((c) => c.usage)));
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${(await import('./run/environment.js')).toolVersion()}\n`);
        return 0;
    }
    const chosen = COMMANDS.find((c) => c.name === command);
    if (!chosen) {
      const names = COMMANDS.map((c) => c.name);
      throw new UsageError(`unknown command '${command}': use ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
    }
    return await chosen.run(rest, args, io);
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof MuxbenchError ? '' : ` (${error instanceof Error ? error.name : 'error'})`;
    io.stderr(`muxbench: ${message}${code}${usage ? " (see 'muxbench --help')" : ''}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return usage ? 2 : 1;
  }
}
