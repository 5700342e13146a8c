/** Find a built-in strategy by id, or load a user's strategy module (--strategy-file). */
import { pathToFileURL } from 'node:url';
import { RUN_FAULT_CODES, RunError } from '../errors.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';

/** How long a strategy module may take to load (its top-level code included). */
export const STRATEGY_LOAD_TIMEOUT_MS = 10_000;

function isStrategy(value: unknown): value is Strategy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Strategy>;
  return typeof v.id === 'string' && typeof v.open === 'function';
}

/** All strategies a module exports: its default export and any named export shaped like one. */
export async function strategiesInFile(file: string): Promise<Strategy[]> {
  let mod: Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  // Bounded: a module whose top-level await never settles must not hang the run.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RunError(RUN_FAULT_CODES.strategyLoadTimeout, `strategy file ${file} did not finish loading within ${STRATEGY_LOAD_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`)),
      STRATEGY_LOAD_TIMEOUT_MS,
    );
  });
  try {
    mod = (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RunError) throw error;
    // One line: a loader's syntax error spans many.
    const why = (error instanceof Error ? error.message : String(error)).split('\n').find((l) => l.trim().length > 0) ?? 'unknown error';
    throw new RunError('MUXBENCH_STRATEGY_FILE', `cannot load strategy file ${file}: ${why.trim()}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  const found = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isStrategy);
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
