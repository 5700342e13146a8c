/**
 * Every child process muxbench starts goes through here: bounded in time, killed on
 * abort, killed as a whole process group, its output collected up to a bound, and
 * gone by itself within 2 s when muxbench dies, even of SIGKILL (when no exit hook
 * runs). Two kinds:
 *
 * - `node`: a Node child with an IPC channel (workers, the ping server). It watches the
 *   channel itself (parent-watch.ts): the kernel closes the channel when muxbench dies.
 * - `guarded`: any other program (nginx, h2load, --client-cmd). It cannot watch us, so a
 *   guardian stands between: a small Node process (guardian.ts, run on bare `node`, so
 *   it starts in tens of milliseconds and needs no loader) that starts the program in
 *   a process group of its own, holds a pipe from muxbench on its stdin, and kills the
 *   program's whole group when that pipe closes or its parent changes. The program's
 *   stdout/stderr are the guardian's, so muxbench reads them as if it were the program.
 */
import { spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isSource } from '../child-entry.js';
import type { GuardianEvent } from './guardian.js';
import { definedOnly } from '../defined.js';

export interface ChildExit {
  /** The program's exit status; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed because `timeoutMs` passed. */
  timedOut: boolean;
  /** Killed because the AbortSignal fired. */
  aborted: boolean;
  /** Could not start at all (e.g. ENOENT): the reason, in one line. */
  spawnError?: string;
  wallMs: number;
}

export interface ChildOptions {
  kind: 'node' | 'guarded';
  /** For `node`: the script; for `guarded`: the program. */
  file: string;
  args?: readonly string[];
  /** For `node`: flags before the script (--import tsx) and the binary (default: this Node). */
  execArgv?: readonly string[];
  execPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** For `node`: the IPC serialization. */
  serialization?: 'json' | 'advanced';
  /** Keep (a bounded tail of) stdout, or read and drop it. Default 'drop'. */
  stdout?: 'keep' | 'drop';
  /** Characters of stdout/stderr kept (the last ones). Default 8,000 each. */
  outputChars?: number;
  /** Stop (SIGTERM to the group, then SIGKILL after `graceMs`) after this long. */
  timeoutMs?: number;
  /** Kill the group at once when this fires. */
  signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL. Default 2,000 ms. */
  graceMs?: number;
}

export interface Child {
  /** The Node process we spawned (the guardian for `guarded`): its IPC channel for `node`. */
  process: ChildProcess;
  /** The program's own pid, once known (for `guarded`, reported by the guardian). */
  pid(): Promise<number | undefined>;
  /** Settles once the program is gone and its pipes are drained (bounded). */
  exited: Promise<ChildExit>;
  stdout(): string;
  stderr(): string;
  /** SIGTERM to the group, SIGKILL after the grace period; resolves when it is gone. */
  stop(graceMs?: number): Promise<ChildExit>;
  /** SIGKILL to the group now. */
  kill(): void;
  send(message: Serializable): boolean;
}

const DEFAULT_OUTPUT_CHARS = 8_000;
const DEFAULT_GRACE_MS = 2_000;
/** After the program exits, how long a grandchild may keep the pipes open before we stop reading. */
const PIPE_DRAIN_MS = 500;

/**
 * The guardian's script (guardian.ts, a process of its own). Installed: the compiled
 * guardian.js beside this file. From a source checkout: guardian.ts bundled once per
 * process (esbuild, a dev dependency, as run/worker-bundle.ts does for the worker) into
 * one plain file, so it starts on bare `node` rather than under the TypeScript loader.
 */
let guardianScript: string | undefined;
function guardianFile(): string {
  if (guardianScript !== undefined) return guardianScript;
  if (!isSource(import.meta.url)) return (guardianScript = fileURLToPath(new URL('./guardian.js', import.meta.url)));
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./guardian.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no guardian bundle');
  // The name is a content hash: concurrent processes write identical files, a stale one is never used.
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = fileURLToPath(new URL('../../node_modules/.cache/muxbench/', import.meta.url));
  const file = path.join(dir, `guardian-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return (guardianScript = file);
}

/**
 * Live children, each with how to kill it now: run if muxbench exits while they run. A
 * guarded program's own group is killed (not its guardian, which would orphan it).
 */
const live = new Map<ChildProcess, () => void>();
let exitHook = false;
function killLiveOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const kill of live.values()) kill();
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

class Tail {
  private text = '';
  constructor(private readonly chars: number) {}
  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-this.chars);
  }
  value(): string {
    return this.text;
  }
}

export function spawnChild(opts: ChildOptions): Child {
  killLiveOnExit();
  const started = performance.now();
  const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
  const chars = opts.outputChars ?? DEFAULT_OUTPUT_CHARS;
  const guarded = opts.kind === 'guarded';
  // Both kinds get a process group of their own: killing it takes whatever the program
  // started too, and a terminal's Ctrl-C reaches muxbench only, which then stops them in order.
  const child = guarded
    ? spawn(process.execPath, [guardianFile(), String(grace), opts.file, ...(opts.args ?? [])], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(opts.execPath ?? process.execPath, [...(opts.execArgv ?? []), opts.file, ...(opts.args ?? [])], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        detached: true,
        ...(opts.serialization ? { serialization: opts.serialization } : {}),
      });
  /** SIGKILL to a guarded program's own group (the guardian's child), once its pid is known. */
  const killProgram = (): void => {
    if (programPid === undefined) return;
    try {
      process.kill(-programPid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  live.set(child, () => (guarded ? killProgram() : killGroup(child, 'SIGKILL')));
  const out = new Tail(chars);
  const err = new Tail(chars);
  if (opts.stdout === 'keep') child.stdout?.on('data', (c: Buffer) => out.add(c));
  else child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => err.add(c));

  let programPid: number | undefined = guarded ? undefined : child.pid;
  let programStarted = started;
  let programExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: string | undefined;
  let resolvePid: (pid: number | undefined) => void = () => {};
  const pidKnown = new Promise<number | undefined>((resolve) => (resolvePid = resolve));
  if (!guarded) resolvePid(child.pid);
  const events = guarded ? (child.stdio[3] as Readable | null) : null;
  if (events) {
    let buffer = '';
    events.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let event: GuardianEvent;
        try {
          event = JSON.parse(line) as GuardianEvent;
        } catch {
          continue;
        }
        if ('pid' in event) {
          // The program's own wall time starts here, not at the guardian's start-up.
          programStarted = performance.now();
          programPid = event.pid;
          resolvePid(event.pid);
        } else if ('error' in event) {
          spawnError = event.code === 'ENOENT' ? `'${opts.file}' not found (is it installed and on the PATH?)` : event.error;
          resolvePid(undefined);
        } else {
          programExit = event.exit;
        }
      }
    });
    events.on('error', () => {});
  }
  // The guardian's stdin is the lifeline: muxbench never writes to it, and closing it kills.
  child.stdin?.on('error', () => {});

  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  let lastResort: NodeJS.Timeout | undefined;

  const exited = new Promise<ChildExit>((resolve) => {
    let spawnFailed: string | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnFailed = error.code === 'ENOENT' ? `'${opts.execPath ?? process.execPath}' not found` : error.message;
      // 'exit' may never come for a child that did not start.
      if (child.pid === undefined) done(null, null);
    });
    let finished = false;
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      live.delete(child);
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(lastResort);
      opts.signal?.removeEventListener('abort', onAbort);
      resolvePid(programPid);
      const wallMs = performance.now() - programStarted;
      const reason = spawnError ?? spawnFailed;
      const status = programExit ?? { code, signal };
      // Let the pipes drain, but do not wait for a grandchild that inherited them.
      let drained = 0;
      const pipes = [child.stdout, child.stderr].filter((p): p is Readable => p !== null && !p.readableEnded && !p.destroyed);
      const end = (): void => {
        clearTimeout(drainTimer);
        resolve({ code: status.code, signal: status.signal, timedOut, aborted, ...definedOnly({ spawnError: reason }), wallMs });
      };
      const drainTimer = setTimeout(end, PIPE_DRAIN_MS);
      if (pipes.length === 0) end();
      for (const p of pipes) {
        p.once('close', () => {
          drained += 1;
          if (drained === pipes.length) end();
        });
      }
    };
    child.once('exit', (code, signal) => {
      // A guarded program's group goes with it (the guardian did that; a `node` child's here).
      if (!guarded) killGroup(child, 'SIGKILL');
      done(code, signal);
    });
  });

  const kill = (): void => {
    // Closing a guardian's lifeline is its signal to SIGKILL the program's group and exit.
    if (guarded) child.stdin?.destroy();
    else killGroup(child, 'SIGKILL');
    if (guarded) {
      // A guardian that does not answer: kill it too (its program's group with it, if known).
      lastResort ??= setTimeout(() => {
        killProgram();
        killGroup(child, 'SIGKILL');
      }, 1_000);
    }
  };
  const stop = (graceMs = grace): Promise<ChildExit> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      killGroup(child, 'SIGTERM');
      killTimer ??= setTimeout(kill, graceMs + (guarded ? 200 : 0));
    }
    return exited;
  };
  const timer = opts.timeoutMs !== undefined
    ? setTimeout(() => {
        timedOut = true;
        void stop();
      }, opts.timeoutMs)
    : undefined;
  const onAbort = (): void => {
    aborted = true;
    kill();
  };
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    process: child,
    pid: () => pidKnown,
    exited,
    stdout: () => out.value(),
    stderr: () => err.value(),
    stop,
    kill,
    send: (message) => (child.connected ? child.send(message) : false),
  };
}

/** The last `lines` non-empty lines of a text, for one-line error messages. */
export function lastLines(text: string, lines: number): string[] {
  return text.trimEnd().split('\n').filter((l) => l.trim().length > 0).slice(-lines);
}
