/**
 * argv -> command. Exit codes: 0 done, 1 the run failed, 2 bad command line.
 * Errors print as one line; the stack only with --debug.
 */
import { ensureCerts } from './target/certs.js';
import { abOption, compareOptions, parseFlags, percent, reportOptions, runConfig, runOptions } from './config.js';
import { MuxbenchError, UsageError } from './errors.js';
import { mainHelp, runHelp, traceHelp, verifyHelp } from './commands/help.js';
import { interruptExitCode, runCommand } from './commands/run.js';
import { traceCommand } from './commands/trace.js';
import { verifyCommand } from './commands/verify.js';
import { traceConfig, traceOptions, verifyConfig, verifyOptions } from './config-diagnose.js';
import { compareCommand, gateExitCode } from './commands/compare.js';
import { reportCommand } from './commands/report.js';
import { compareHelp, reportHelp } from './commands/help-reports.js';
import { toolVersion } from './run/environment.js';
import { runtimesCommand, runtimesOptions } from './commands/runtimes.js';
import { runtimesHelp } from './commands/help-runtimes.js';
import { thresholdExitCode } from './thresholds/evaluate.js';
import { serveCommand, serveConfig, serveOptions } from './commands/serve.js';
import { serveHelp } from './commands/help-serve.js';

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

export async function main(args: string[], io: CliIo = defaultIo): Promise<number> {
  const debug = args.includes('--debug');
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(mainHelp());
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${toolVersion()}\n`);
        return 0;
      case 'run': {
        const { values, positionals } = parseFlags(rest, runOptions);
        if (values.help) {
          io.stdout(runHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const config = runConfig(values);
        const results = await runCommand(config, { ...io, command: shellCommand(args) });
        if (results.interruption) return interruptExitCode(results.interruption.signal);
        const gate = results.comparison ? gateExitCode(results.comparison, config.failOnRegression, io, config.allowOtherMachine ?? false) : 0;
        return Math.max(gate, thresholdExitCode(results.thresholds, io));
      }
      case 'compare': {
        const { values, positionals } = parseFlags(rest, compareOptions);
        if (values.help) {
          io.stdout(compareHelp());
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
        const failOnRegression = percent('fail-on-regression', values['fail-on-regression']);
        return await compareCommand(
          { base, next, ...(ab ? { ab } : {}), failOnRegression, allowOtherMachine: values['allow-other-machine'] ?? false, json: values.json ?? false },
          io,
        );
      }
      case 'report': {
        const { values, positionals } = parseFlags(rest, reportOptions);
        if (values.help) {
          io.stdout(reportHelp());
          return 0;
        }
        const [file, extra] = positionals;
        if (file === undefined || extra !== undefined) throw new UsageError('report needs one results file: muxbench report RESULTS.json --html OUT.html');
        if (values.html === undefined && values.md === undefined) throw new UsageError('report needs an output: --html OUT.html and/or --md OUT.md');
        return await reportCommand({ file, html: values.html, md: values.md }, io);
      }
      case 'verify': {
        const { values, positionals } = parseFlags(rest, verifyOptions);
        if (values.help) {
          io.stdout(verifyHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const { failed, results } = await verifyCommand(verifyConfig(values), { ...io, command: shellCommand(args) });
        if (results.interruption) return interruptExitCode(results.interruption.signal);
        return failed.length > 0 ? 1 : 0;
      }
      case 'trace': {
        const { values, positionals } = parseFlags(rest, traceOptions);
        if (values.help) {
          io.stdout(traceHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const traced = await traceCommand(traceConfig(values), { ...io, command: shellCommand(args) });
        return traced.interruption ? interruptExitCode(traced.interruption.signal) : 0;
      }
      case 'runtimes': {
        const { values, positionals } = parseFlags(rest, runtimesOptions);
        if (values.help) {
          io.stdout(runtimesHelp());
          return 0;
        }
        const [action, extra] = positionals;
        if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
        return await runtimesCommand(action, values, io);
      }
      case 'serve': {
        const { values, positionals } = parseFlags(rest, serveOptions);
        if (values.help) {
          io.stdout(serveHelp());
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        await serveCommand(serveConfig(values), io);
        return 0;
      }
      case 'certs': {
        const paths = await ensureCerts();
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
