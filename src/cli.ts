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

export async function main(args: string[], io: CliIo = defaultIo): Promise<number> {
  const debug = args.includes('--debug');
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout((await import('./commands/help-main.js')).mainHelp());
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${(await import('./run/environment.js')).toolVersion()}\n`);
        return 0;
      case 'run': {
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
        const [{ gateExitCode }, { thresholdExitCode }] = await Promise.all([import('./commands/compare.js'), import('./thresholds/evaluate.js')]);
        const failOn = percent('fail-on-regression', values['fail-on-regression']);
        const gate = results.comparison ? gateExitCode(results.comparison, failOn, io, values['allow-other-machine'] ?? false) : 0;
        return Math.max(gate, thresholdExitCode(results.thresholds, io));
      }
      case 'compare': {
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
      }
      case 'report': {
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
      }
      case 'verify': {
        const [{ parseFlags }, { verifyOptions }] = await Promise.all([import('./config.js'), import('./config-diagnose.js')]);
        const { values, positionals } = parseFlags(rest, verifyOptions);
        if (values.help) {
          io.stdout((await import('./commands/help.js')).verifyHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const { help: _help, ...flags } = values;
        const { verify } = await import('./api.js');
        const { failed } = await verify({ ...flags, ...runIo(io, args) });
        return failed.length > 0 ? 1 : 0;
      }
      case 'trace': {
        const [{ parseFlags }, { traceConfig, traceOptions }] = await Promise.all([import('./config.js'), import('./config-diagnose.js')]);
        const { values, positionals } = parseFlags(rest, traceOptions);
        if (values.help) {
          io.stdout((await import('./commands/help.js')).traceHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const { traceCommand } = await import('./commands/trace.js');
        await traceCommand(traceConfig(values), { ...io, command: shellCommand(args) });
        return 0;
      }
      case 'runtimes': {
        const [{ parseFlags }, { runtimesCommand, runtimesOptions }] = await Promise.all([import('./config.js'), import('./commands/runtimes.js')]);
        const { values, positionals } = parseFlags(rest, runtimesOptions);
        if (values.help) {
          io.stdout((await import('./commands/help-runtimes.js')).runtimesHelp());
          return 0;
        }
        const [action, extra] = positionals;
        if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
        return await runtimesCommand(action, values, io);
      }
      case 'serve': {
        const [{ parseFlags }, { serveCommand, serveConfig, serveOptions }] = await Promise.all([import('./config.js'), import('./commands/serve.js')]);
        const { values, positionals } = parseFlags(rest, serveOptions);
        if (values.help) {
          io.stdout((await import('./commands/help-serve.js')).serveHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        await serveCommand(serveConfig(values), io);
        return 0;
      }
      case 'certs': {
        const paths = await (await import('./target/certs.js')).ensureCerts();
        io.stdout(`certificates ready in ${paths.dir}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}': use run, verify, trace, serve, compare, report, runtimes or certs`);
    }
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof MuxbenchError ? '' : ` (${error instanceof Error ? error.name : 'error'})`;
    io.stderr(`muxbench: ${message}${code}${usage ? " (see 'muxbench --help')" : ''}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return usage ? 2 : 1;
  }
}
