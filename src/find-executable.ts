/** Where an external tool (nginx, h2load) lives, without running it. */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * The first executable `name`: the path in env[overrideVar] when set (and nothing else),
 * else the PATH, else `extraDirs` (e.g. /usr/sbin, often not on a user's PATH).
 */
export function findExecutable(
  name: string,
  options: { overrideVar: string; extraDirs: readonly string[]; env?: NodeJS.ProcessEnv },
): string | undefined {
  const env = options.env ?? process.env;
  const explicit = env[options.overrideVar];
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...options.extraDirs];
  const candidates = explicit ? [explicit] : dirs.map((d) => path.join(d, name));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
