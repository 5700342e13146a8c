/** Help for `muxbench runtimes` and the --node / --with options of `run`. */
export const RUNTIME_OPTIONS_HELP = `  --node <list>            runtimes to measure on, comma-separated (default: lts):
                           majors 20,22,24,26 or an exact version (24.21.0), installed
                           from the npm registry's 'node' package into the cache
                           ($XDG_CACHE_HOME/muxbench, else ~/.cache/muxbench) once;
                           'current' (the Node running muxbench), 'lts' (the newest LTS
                           line), or a path to a node binary; bun and deno (bun@1.4.5,
                           deno@2.9.6) from the npm registry's bun and @deno/<platform>
                           packages: their fetch, node:http2 and node:https run by a
                           harness, counted by the server (docs/runtimes.md)
  --runtime <list>         the same list with the runtime named: node26,bun,deno
  --with <npm spec>        library versions for the built-in strategies (repeatable):
                           --with undici@7 --with got@14.6.6 is one set; two specs of
                           the same library are two variants (--with undici@7 --with
                           undici@8); 'project' = undici/got from ./node_modules.
                           Default: the newest majors each runtime can run (Node 20:
                           undici 7, got 14 + http2-wrapper 2; Node >= 22.19: undici 8,
                           got 16). A version whose engines the runtime misses is skipped
                           with the reason. Every runtime × library set is a variant:
                           cases alternate between variants, and with more than one the
                           report adds a matrix (rows strategies, columns variants)`;

export function runtimesHelp(): string {
  return `Usage: muxbench runtimes install [--node <list>] [--with <npm spec>]...
       muxbench runtimes list

install: download the runtimes and library sets a run with the same --node / --with would
use into the cache, without measuring (e.g. before going offline, or to see what a run
would measure on). Each install goes into a temporary directory and is renamed into place, so a
concurrent run never sees half of one. list: what the cache holds.

${RUNTIME_OPTIONS_HELP}
`;
}
