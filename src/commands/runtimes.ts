/**
 * `muxbench runtimes install [--node LIST] [--with SPEC]…`: install the runtimes and
 * library sets a run would use, into the cache, without measuring (before going offline,
 * say). `muxbench runtimes list`: what the cache holds.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseOptions } from '../options/parse-config.js';
import { runtimeList, runtimeSelection } from '../config.js';
import { UsageError } from '../errors.js';
import { cacheRoot } from '../runtimes/cache.js';
import { describeVariant, resolveVariants } from '../runtimes/variants.js';

export const runtimesOptions = parseOptions('runtimes');

export interface RuntimesIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runtimesCommand(
  action: string | undefined,
  values: { node?: string | undefined; runtime?: string | undefined; with?: string[] | undefined },
  io: RuntimesIo,
): Promise<number> {
  switch (action) {
    case 'install': {
      const variants = await resolveVariants(runtimeSelection(runtimeList(values.node, values.runtime), values.with), (line) => io.stderr(`${line}\n`));
      for (const v of variants) io.stdout(`${describeVariant(v)}\n`);
      return 0;
    }
    case 'list': {
      const root = cacheRoot();
      const list = async (dir: string): Promise<string[]> => (await readdir(path.join(root, dir)).catch(() => [])).filter((n) => !n.includes('.tmp-'));
      io.stdout(`cache: ${root}\nnode: ${(await list('node')).join(', ') || 'none'}\nlibraries: ${(await list('libraries')).join(', ') || 'none'}\nbun: ${(await list('bun')).join(', ') || 'none'}\ndeno: ${(await list('deno')).join(', ') || 'none'}\n`);
      return 0;
    }
    default:
      throw new UsageError(`runtimes needs an action: 'runtimes install --node 20,26' or 'runtimes list'`);
  }
}
