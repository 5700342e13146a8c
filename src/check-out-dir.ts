/**
 * `--out DIR` checked before anything is measured, in a few system calls: a results
 * directory that cannot be written must cost nothing. Without this, a path under a file
 * failed only after the first case with a raw ENOTDIR, and `--out /proc/x` spun in a
 * recursive mkdir for minutes (measured: 200 s, 130 s of it system CPU) before failing.
 */
import { statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/** Throws a UsageError unless DIR is a directory muxbench can write, or can be created under one. */
export function checkOutDir(flag: string, dir: string): void {
  if (dir.trim().length === 0) throw new UsageError(`--${flag} needs a directory, e.g. --${flag} results`);
  const absolute = path.resolve(dir);
  // The deepest part of the path that exists; everything below it is created by the run.
  let existing = absolute;
  let stats: Stats | undefined;
  for (;;) {
    try {
      stats = statSync(existing);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw new UsageError(`--${flag} ${dir}: cannot look at ${existing} (${code ?? 'error'}); choose another directory`);
      }
      const parent = path.dirname(existing);
      if (parent === existing) throw new UsageError(`--${flag} ${dir}: no part of that path exists; choose another directory`);
      existing = parent;
    }
  }
  if (!stats.isDirectory()) {
    const what = existing === absolute ? 'is a file' : `is under ${existing}, which is a file`;
    throw new UsageError(`--${flag} ${dir} ${what}, not a directory; choose a directory (it is created if missing)`);
  }
  // Permission bits do not tell (root, read-only mounts, /proc): write a file and remove it.
  const probe = path.join(existing, `.muxbench-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--${flag} ${dir}: cannot write in ${existing} (${code}); choose a writable directory`);
  }
  try {
    unlinkSync(probe);
  } catch {
    // Written but not removable: the run will find out; nothing to do here.
  }
}
