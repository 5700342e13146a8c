/**
 * Find a built-in strategy by id, or load a user's strategy module (--strategy-file): any of
 * .js .mjs .cjs .ts .mts .cts, in an ES module or CommonJS project, wherever it lives. The
 * TypeScript loader (tsx, a dependency) is registered only for a TypeScript file, in the
 * process that loads it (the CLI to read the file's strategies, then each case's worker):
 * nothing else pays for it, and the user installs nothing. Node 20, one of the measured
 * runtimes, has no type stripping, so tsx rather than Node's own. docs/architecture.md.
 */
import { pathToFileURL } from 'node:url';
import { isTypeScriptFile } from '../child-entry.js';
import { RunError } from '../errors.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';

/** How long a strategy module may take to load (its top-level code included). */
export const STRATEGY_LOAD_TIMEOUT_MS = 10_000;

function isStrategy(value: unknown): value is Strategy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Strategy>;
  return typeof v.id === 'string' && typeof v.open === 'function';
}

let typeScript: Promise<void> | undefined;

/** tsx's ESM and CommonJS hooks, once per process (a .cts file, or a .ts one in a CommonJS project, is loaded by require). */
function registerTypeScript(): Promise<void> {
  typeScript ??= Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => {
    esm.register();
    cjs.register();
  });
  return typeScript;
}

/** What is wrong with the file, in one line, without the module loader's internals. */
export function loadFailure(file: string, error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  // The first line that says something: esbuild (via tsx) puts "Transform failed with 1 error:" first.
  const line =
    message
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !/^Transform failed with \d+ error/.test(l)) ?? message;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(line)?.[1];
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && missing !== undefined) {
    if (missing === file || missing === pathToFileURL(file).href) return `cannot load strategy file ${file}: no such file`;
    return `cannot load strategy file ${file}: it imports '${missing}', which is not installed where the file is (npm install ${missing.startsWith('.') || missing.startsWith('/') ? 'the missing file' : missing.split('/').slice(0, missing.startsWith('@') ? 2 : 1).join('/')})`;
  }
  // tsx's TypeScript errors: "TransformError: /path/file.ts:3:16: ERROR: Expected ..."
  const transform = /:(\d+):(\d+): ERROR: (.*)$/.exec(line);
  if (e?.name === 'TransformError' && transform) return `cannot load strategy file ${file}: SyntaxError at line ${transform[1]}, column ${transform[2]}: ${transform[3]}`;
  const kind = typeof e?.name === 'string' && e.name !== 'Error' ? `${e.name}: ` : '';
  return `cannot load strategy file ${file}: ${kind}${line.replace(/^(?:SyntaxError|TypeError|ReferenceError|Error): /, '')}`;
}

/** All strategies a module exports: its default export and any named export shaped like one. */
export async function strategiesInFile(file: string): Promise<Strategy[]> {
  let mod: Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  // Bounded: a module whose top-level await never settles must not hang the run.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RunError('MUXBENCH_STRATEGY_TIMEOUT', `strategy file ${file} did not finish loading within ${STRATEGY_LOAD_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`)),
      STRATEGY_LOAD_TIMEOUT_MS,
    );
  });
  try {
    if (isTypeScriptFile(file)) await registerTypeScript();
    mod = (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RunError) throw error;
    throw new RunError('MUXBENCH_STRATEGY_FILE', loadFailure(file, error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
  // A CommonJS `module.exports = { a, b }` arrives as the default export: look inside it too.
  const values = Object.values(mod).flatMap((v) => (isStrategy(v) || Array.isArray(v) || typeof v !== 'object' || v === null ? [v] : [v, ...Object.values(v)]));
  const found = values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isStrategy);
  const unique = [...new Map(found.map((s) => [s.id, s])).values()];
  if (unique.length === 0) {
    throw new RunError(
      'MUXBENCH_STRATEGY_FILE',
      `${file} exports no strategy: export default an object with id, label, library, intent and open(ctx)`,
    );
  }
  return unique;
}

export async function loadStrategy(id: string, file?: string): Promise<Strategy> {
  if (file !== undefined) {
    const found = (await strategiesInFile(file)).find((s) => s.id === id);
    if (found) return found;
    throw new RunError('MUXBENCH_STRATEGY_FILE', `${file} exports no strategy with id '${id}'`);
  }
  const builtIn = findStrategy(id);
  if (!builtIn) throw new RunError('MUXBENCH_UNKNOWN_STRATEGY', `unknown strategy '${id}'`);
  return builtIn;
}
