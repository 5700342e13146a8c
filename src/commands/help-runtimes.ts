/** Help for `muxbench runtimes`; its options are run's --node, --runtime and --with (options/table.ts). */
import { optionsHelp } from '../options/help.js';

export function runtimesHelp(): string {
  return `Usage: muxbench runtimes install [--node <list>] [--with <npm spec>]...
       muxbench runtimes list

install: download the runtimes and library sets a run with the same --node / --with would
use into the cache, without measuring (e.g. before going offline, or to see what a run
would measure on). Each install goes into a temporary directory and is renamed into place, so a
concurrent run never sees half of one. list: what the cache holds.

${optionsHelp('runtimes')}
`;
}
