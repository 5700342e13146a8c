/**
 * Runs an external client's command: its own process group (so a shell's children go
 * too), bounded by a timeout at which the whole group is killed, and killed with
 * muxbench if muxbench exits first. Keeps the last lines of stderr for the report.
 */
import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  /** Exit status; null when killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Could not start at all (e.g. ENOENT): the reason. */
  spawnError?: string;
  wallMs: number;
  /** The last lines of stderr (at most `tailLines`). */
  stderrTail: string[];
}

const TAIL_CHARS = 8_000;
const KILL_GRACE_MS = 2_000;
/** After the command exits, how long a grandchild may keep its pipes open before we stop reading. */
const PIPE_DRAIN_MS = 500;

const running = new Set<number>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function runProcess(argv: readonly string[], env: Record<string, string>, timeoutMs: number, tailLines = 5): Promise<ProcessOutcome> {
  const [file, ...args] = argv;
  const started = performance.now();
  return new Promise((resolve) => {
    if (file === undefined) {
      resolve({ exitCode: null, signal: null, timedOut: false, spawnError: 'empty command', wallMs: 0, stderrTail: [] });
      return;
    }
    killAllOnExit();
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-TAIL_CHARS);
    });
    // The client's responses: read and dropped, or a chatty client would block on a full pipe.
    child.stdout.resume();
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      graceTimer = setTimeout(() => child.pid !== undefined && killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    if (child.pid !== undefined) running.add(child.pid);
    const finish = (exitCode: number | null, signal: string | null, spawnError?: string, wallMs = performance.now() - started): void => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      if (child.pid !== undefined) {
        // Whatever the command left running in its group goes with it.
        killGroup(child.pid, 'SIGKILL');
        running.delete(child.pid);
      }
      const tail = stderr.trimEnd().split('\n').filter((l) => l.trim().length > 0).slice(-tailLines);
      resolve({
        exitCode,
        signal,
        timedOut,
        ...(spawnError !== undefined ? { spawnError } : {}),
        wallMs,
        stderrTail: tail,
      });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish(null, null, error.code === 'ENOENT' ? `'${file}' not found (is it installed and on the PATH?)` : error.message);
    });
    child.once('exit', (code, signal) => {
      // Let the pipes drain, but do not wait for a grandchild that inherited them.
      const wallMs = performance.now() - started;
      let done = false;
      const end = (): void => {
        if (done) return;
        done = true;
        finish(code, signal, undefined, wallMs);
      };
      child.stderr.once('close', end);
      setTimeout(end, PIPE_DRAIN_MS);
    });
  });
}
