/** Start a case's worker process, hand it the spec, and wait (bounded) for its one reply. */
import { fileURLToPath } from 'node:url';
import { lastLines, spawnChild } from '../process/child.js';
import type { WorkerLaunch } from '../runtimes/launch.js';
import type { CaseSpec, WorkerReply } from '../runner-kinds/protocol.js';
import { childEntry, isSource } from '../child-entry.js';
import type { ErrorCode } from '../errors.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The worker as plain JavaScript: dist/run/worker.js when muxbench runs compiled; from a
 * source checkout, src/ bundled into one file (esbuild, a dev dependency), so each case
 * still starts on bare `node` (the TypeScript loader costs ~0.35 s a case).
 */
async function workerFile(): Promise<string> {
  if (!isSource(import.meta.url)) return childEntry(import.meta.url, './worker').file;
  const { workerBundle } = await import('./worker-bundle.js');
  return workerBundle();
}

/**
 * `launch`: the variant's Node binary and library hook (--node, --with); without it, the
 * Node running muxbench. `signal`: an interrupt (SIGINT/SIGTERM) kills the worker at once.
 */
export async function runWorker(
  spec: CaseSpec,
  env: Record<string, string>,
  timeoutMs: number,
  launch?: WorkerLaunch,
  signal?: AbortSignal,
): Promise<WorkerReply> {
  const file = await workerFile();
  // A TypeScript strategy file: the worker registers the loader itself (run/load-strategy.ts).
  const child = spawnChild({
    kind: 'node',
    file,
    cwd: projectRoot,
    execArgv: launch?.execArgv ?? [],
    ...(launch ? { execPath: launch.execPath } : {}),
    env: { ...process.env, ...env, ...launch?.env },
    serialization: 'advanced',
    outputChars: 2_000,
    // The reply decides; the timeout here is the same bound, for a worker that hangs.
    timeoutMs,
    graceMs: 0,
    ...(signal ? { signal } : {}),
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: WorkerReply): void => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    child.process.once('message', (reply: WorkerReply) => finish(reply));
    void child.exited.then((exit) => {
      if (exit.aborted) return finish({ type: 'error', code: 'MUXBENCH_INTERRUPTED' satisfies ErrorCode, message: 'interrupted' });
      if (exit.timedOut) return finish({ type: 'error', code: 'MUXBENCH_CASE_TIMEOUT' satisfies ErrorCode, message: `case did not finish within ${timeoutMs} ms` });
      if (exit.spawnError !== undefined) return finish({ type: 'error', code: 'MUXBENCH_WORKER' satisfies ErrorCode, message: exit.spawnError });
      const tail = lastLines(child.stderr(), 3).join(' | ');
      finish({
        type: 'error',
        code: 'MUXBENCH_WORKER_EXIT' satisfies ErrorCode,
        message: `worker exited (${exit.signal ?? `code ${String(exit.code)}`}) before reporting${tail ? `: ${tail}` : ''}`,
      });
    });
    child.send(spec);
  });
}
