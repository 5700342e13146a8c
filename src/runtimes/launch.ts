/**
 * How a case's worker starts on a variant: the variant's Node binary, and a resolve hook
 * (`--import`) that sends muxbench's own imports of the measured libraries to the
 * variant's install. Only importers inside the muxbench package are redirected (the
 * worker bundle or compiled files, wherever they live under it), and never the user's
 * --strategy-file, which keeps resolving from the user's project; the libraries' own
 * imports resolve from where they are installed, as in any install.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheRoot } from './cache.js';
import { MEASURED_LIBRARIES, type Variant } from './types.js';

/** What spawn-worker needs to start a worker on a variant. */
export interface WorkerLaunch {
  execPath: string;
  execArgv: string[];
  env: Record<string, string>;
}

// The redirect, shared by both hook APIs. `data`: { root, names, libraries, exclude }.
const REDIRECT = `
function libraryName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
function redirected(data, specifier, context) {
  const name = libraryName(specifier);
  const parent = context.parentURL;
  if (name === undefined || !data.names.includes(name) || parent === undefined) return context;
  if (!parent.startsWith(data.root) || parent === data.exclude) return context;
  return { ...context, parentURL: data.libraries };
}
`;

// Node >= 22.15 has in-thread synchronous hooks (module.registerHooks); Node 20 has only
// module.register, whose hooks run off-thread in a module of their own.
const HOOKS = `${REDIRECT}
let data;
export function initialize(d) { data = d; }
export async function resolve(specifier, context, next) { return next(specifier, redirected(data, specifier, context)); }
`;

const REGISTER = (hooksUrl: string): string => `
import module from 'node:module';
${REDIRECT}
const data = JSON.parse(process.env.MUXBENCH_LIBRARY_HOOK);
if (typeof module.registerHooks === 'function') {
  module.registerHooks({ resolve: (specifier, context, next) => next(specifier, redirected(data, specifier, context)) });
} else {
  module.register(${JSON.stringify(hooksUrl)}, { data });
}
`;

/** Writes `text` once into `dir` under a name with its hash (atomic rename); returns the file. */
export async function writeOnce(dir: string, name: string, text: string): Promise<string> {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const file = path.join(dir, `${name}-${hash}.mjs`);
  if (!(await stat(file).then(() => true, () => false))) {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, text);
    await rename(tmp, file);
  }
  return file;
}

let hookFile: Promise<string> | undefined;

/** The --import file (content-addressed in the cache, so concurrent runs share it). */
function registerFile(): Promise<string> {
  hookFile ??= (async () => {
    const dir = path.join(cacheRoot(), 'hooks');
    const hooks = await writeOnce(dir, 'library-hooks', HOOKS);
    return writeOnce(dir, 'library-register', REGISTER(pathToFileURL(hooks).href));
  })();
  return hookFile;
}

/** `packageRoot`: the muxbench package directory; `strategyFile`: the user's module, never redirected. */
export async function workerLaunch(variant: Variant, packageRoot: string, strategyFile?: string): Promise<WorkerLaunch> {
  const root = pathToFileURL(path.resolve(packageRoot)).href.replace(/\/?$/, '/');
  const data = {
    root,
    names: [...MEASURED_LIBRARIES],
    // Resolving as if imported from a file in the variant's directory finds its node_modules.
    libraries: pathToFileURL(path.join(variant.librariesDir, 'package.json')).href,
    exclude: strategyFile !== undefined ? pathToFileURL(strategyFile).href : null,
  };
  return {
    execPath: variant.node.bin,
    execArgv: ['--import', pathToFileURL(await registerFile()).href],
    env: { MUXBENCH_LIBRARY_HOOK: JSON.stringify(data), MUXBENCH_RUNTIME_ID: variant.id },
  };
}
