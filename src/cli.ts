/**
 * argv -> command. Exit codes: 0 done, 1 the run failed, 2 bad command line.
 * Errors print as one line; the stack only with --debug.
 */
import { ensureCerts } from './target/certs.js';
import { parseFlags, runConfig, runOptions } from './config.js';
import { MuxbenchError, UsageError } from './errors.js';
import { mainHelp, runHelp } from './commands/help.js';
import { runCommand } from './commands/run.js';
import { toolVersion } from './run/environment.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
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
        await runCommand(runConfig(values), { ...io, command: shellCommand(args) });
        return 0;
      }
      case 'certs': {
        const paths = await ensureCerts();
        io.stdout(`certificates ready in ${paths.dir}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}': use run or certs`);
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
