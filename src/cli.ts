/**
 * argv -> command. Exit codes: 0 done, 1 the run failed, 2 bad command line.
 * Errors print as one line; the stack only with --debug.
 */
// Each command's modules are imported only when that command is chosen: the measured
// libraries, the target and the reports are not loaded to print help (docs/architecture.md,
// "Startup"). Only errors.js is static: the catch below needs its classes.
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

export const COMMANDS: readonly Command[] = [
  {
    name: 'run',
    usage: [
      ['run [options]', 'run the benchmark (npm run bench = muxbench run --precision 3% --max-time 135)'],
    ],
    async run(rest, args, io) {
      const { parseFlags, percent, runOptions } = await import('./config.js');
      const { values, positionals } = parseFlags(rest, runOptions);
      if (values.help) {
        io.stdout((await import('./commands/help.js')).runHelp());
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      const { help: _help, ...flags } = values;
      const { run } = await import('./api.js');
      const results = await run({ ...flags, ...runIo(io, args) });
      if (results.interruption) return (await import('./commands/run.js')).interruptExitCode(results.interruption.signal);
      const [{ gateExitCode }, { thresholdExitCode }] = await Promise.all([import('./commands/compare.js'), import('./thresholds/evaluate.js')]);
      const failOn = percent('fail-on-regression', values['fail-on-regression']);
      const gate = results.comparison ? gateExitCode(results.comparison, failOn, io, values['allow-other-machine'] ?? false) : 0;
      return Math.max(gate, thresholdExitCode(results.thresholds, io));
    },
  },
  {
    name: 'verify',
    usage: [
      ['verify [options]', 'cold burst + diagnosis rules; exit 1 if a one-connection strategy breaks one'],
    ],
    async run(rest, args, io) {
      const [{ parseFlags }, { verifyOptions }] = await Promise.all([import('./config.js'), import('./config-diagnose.js')]);
      const { values, positionals } = parseFlags(rest, verifyOptions);
      if (values.help) {
        io.stdout((await import('./commands/help.js')).verifyHelp());
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      const { help: _help, ...flags } = values;
      const { verify } = await import('./api.js');
      const { failed, results } = await verify({ ...flags, ...runIo(io, args) });
      if (results.interruption) return (await import('./commands/run.js')).interruptExitCode(results.interruption.signal);
      return failed.length > 0 ? 1 : 0;
    },
  },
  {
    name: 'trace',
    usage: [
      ['trace [options]', 'per-request connection timeline of each strategy (seed scenario)'],
    ],
    async run(rest, args, io) {
      const [{ parseFlags }, { traceConfig, traceOptions }] = await Promise.all([import('./config.js'), import('./config-diagnose.js')]);
      const { values, positionals } = parseFlags(rest, traceOptions);
      if (values.help) {
        io.stdout((await import('./commands/help.js')).traceHelp());
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      const { traceCommand } = await import('./commands/trace.js');
      const traced = await traceCommand(traceConfig(values), { ...io, command: shellCommand(args) });
      return traced.interruption ? (await import('./commands/run.js')).interruptExitCode(traced.interruption.signal) : 0;
    },
  },
  {
    name: 'serve',
    usage: [
      ['serve [options]', 'a target for any client: prints origin and certificates, then what the server saw'],
    ],
    async run(rest, args, io) {
      const [{ parseFlags }, { serveCommand, serveConfig, serveOptions }] = await Promise.all([import('./config.js'), import('./commands/serve.js')]);
      const { values, positionals } = parseFlags(rest, serveOptions);
      if (values.help) {
        io.stdout((await import('./commands/help-serve.js')).serveHelp());
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      await serveCommand(serveConfig(values), io);
      return 0;
    },
  },
  {
    name: 'compare',
    usage: [
      ['compare BASE NEW', 'compare two results files (95 % intervals, Holm–Bonferroni, count changes)'],
      ['compare FILE --a ID --b ID', 'A against B within one run, paired by repetition'],
    ],
    async run(rest, args, io) {
      const { abOption, compareOptions, parseFlags } = await import('./config.js');
      const { values, positionals } = parseFlags(rest, compareOptions);
      if (values.help) {
        io.stdout((await import('./commands/help-reports.js')).compareHelp());
        return 0;
      }
      const [base, next, extra] = positionals;
      const ab = abOption(values.a, values.b);
      if (base === undefined || (ab ? next !== undefined : next === undefined || extra !== undefined)) {
        throw new UsageError(
          ab
            ? 'compare --a/--b needs exactly one results file: muxbench compare RESULTS.json --a ID --b ID'
            : 'compare needs exactly two results files: muxbench compare BASE.json NEW.json (or one file with --a ID --b ID)',
        );
      }
      const { compare } = await import('./api.js');
      const outcome = await compare({
        base,
        ...(next !== undefined ? { next } : {}),
        ...(ab ?? {}),
        failOnRegression: values['fail-on-regression'],
        allowOtherMachine: values['allow-other-machine'] ?? false,
        json: values.json ?? false,
        stdout: io.stdout,
        stderr: io.stderr,
      });
      return outcome.exitCode;
    },
  },
  {
    name: 'report',
    usage: [
      ['report FILE --html OUT.html', 'render a results file as a self-contained HTML report'],
    ],
    async run(rest, args, io) {
      const { parseFlags, reportOptions } = await import('./config.js');
      const { values, positionals } = parseFlags(rest, reportOptions);
      if (values.help) {
        io.stdout((await import('./commands/help-reports.js')).reportHelp());
        return 0;
      }
      const [file, extra] = positionals;
      if (file === undefined || extra !== undefined) throw new UsageError('report needs one results file: muxbench report RESULTS.json --html OUT.html');
      if (values.html === undefined && values.md === undefined) throw new UsageError('report needs an output: --html OUT.html and/or --md OUT.md');
      const { reportCommand } = await import('./commands/report.js');
      return await reportCommand({ file, html: values.html, md: values.md }, io);
    },
  },
  {
    name: 'runtimes',
    usage: [
      ['runtimes install', 'install the Node runtimes and library sets of --node / --with into the cache'],
    ],
    async run(rest, args, io) {
      const [{ parseFlags }, { runtimesCommand, runtimesOptions }] = await Promise.all([import('./config.js'), import('./commands/runtimes.js')]);
      const { values, positionals } = parseFlags(rest, runtimesOptions);
      if (values.help) {
        io.stdout((await import('./commands/help-runtimes.js')).runtimesHelp());
        return 0;
      }
      const [action, extra] = positionals;
      if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
      return await runtimesCommand(action, values, io);
    },
  },
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
