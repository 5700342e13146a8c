/**
 * The guardian: a process of its own, never imported. child.ts starts it for a `guarded`
 * program (nginx, h2load, a --client-cmd) that cannot watch muxbench itself:
 *
 *   node guardian.js <graceMs> <program> [args...]
 *
 * It starts the program in a process group of its own and kills that whole group when
 * muxbench goes: when its stdin (a pipe from muxbench, never written to) closes, or when
 * its parent changes (muxbench died of SIGKILL and the pipe is held open elsewhere). The
 * program's stdout/stderr are the guardian's, so muxbench reads them as the program's.
 * fd 3 (a pipe to muxbench) carries one JSON line per event: `GuardianEvent`.
 *
 * It imports node: built-ins and parent-watch.ts only, so it starts on bare `node` in tens
 * of milliseconds: dist/ runs the compiled file, a source checkout a bundle of this file
 * (child.ts, `guardianFile`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { PARENT_POLL_MS } from './parent-watch.js';

/** What the guardian tells muxbench on fd 3, one JSON line each. */
export type GuardianEvent =
  | { pid: number }
  | { error: string; code?: string }
  | { exit: { code: number | null; signal: NodeJS.Signals | null } };

const EVENTS_FD = 3;

function report(event: GuardianEvent): void {
  try {
    writeSync(EVENTS_FD, `${JSON.stringify(event)}\n`);
  } catch {
    // muxbench is gone: nobody to tell.
  }
}

function guard(argv: readonly string[]): void {
  const [graceRaw = '', file = '', ...args] = argv;
  const grace = Number(graceRaw);
  const parent = process.ppid;
  let child: ChildProcess | undefined;
  const group = (signal: NodeJS.Signals): void => {
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const gone = (): void => {
    group('SIGKILL');
    process.exit(137);
  };
  process.stdin.on('end', gone);
  process.stdin.on('error', gone);
  process.stdin.resume();
  setInterval(() => {
    if (process.ppid !== parent) gone();
  }, PARENT_POLL_MS).unref();
  // A terminal's Ctrl-C reaches muxbench, which stops its children in order.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {
    group('SIGTERM');
    setTimeout(() => group('SIGKILL'), grace).unref();
  });
  let started: ChildProcess;
  try {
    started = spawn(file, args, { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    report({ error: String(e?.message ?? e), ...(e?.code !== undefined ? { code: e.code } : {}) });
    process.exit(127);
  }
  child = started;
  started.once('spawn', () => {
    if (started.pid !== undefined) report({ pid: started.pid });
  });
  started.once('error', (e: NodeJS.ErrnoException) => {
    report({ error: e.message, ...(e.code !== undefined ? { code: e.code } : {}) });
    process.exit(127);
  });
  started.once('exit', (code, signal) => {
    group('SIGKILL');
    report({ exit: { code, signal } });
    process.exit(code === null ? 1 : code);
  });
}

guard(process.argv.slice(2));
