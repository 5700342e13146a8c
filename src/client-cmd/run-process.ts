/**
 * Runs an external client's command through src/process/child.ts: its own process group
 * (so a shell's children go too), bounded by a timeout at which the whole group is
 * killed, and killed with muxbench if muxbench exits first, SIGKILL included (a
 * guardian). Keeps the last lines of stderr for the report.
 */
import { lastLines, spawnChild } from '../process/child.js';
import { definedOnly } from '../defined.js';

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

export async function runProcess(
  argv: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  tailLines = 5,
  signal?: AbortSignal,
): Promise<ProcessOutcome> {
  const [file, ...args] = argv;
  if (file === undefined) return { exitCode: null, signal: null, timedOut: false, spawnError: 'empty command', wallMs: 0, stderrTail: [] };
  const child = spawnChild({
    kind: 'guarded',
    file,
    args,
    env: { ...process.env, ...env },
    // The client's responses: read and dropped, or a chatty client would block on a full pipe.
    stdout: 'drop',
    outputChars: TAIL_CHARS,
    timeoutMs,
    graceMs: KILL_GRACE_MS,
    ...(signal ? { signal } : {}),
  });
  const exit = await child.exited;
  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut: exit.timedOut,
    ...definedOnly({ spawnError: exit.spawnError }),
    wallMs: exit.wallMs,
    stderrTail: lastLines(child.stderr(), tailLines),
  };
}
