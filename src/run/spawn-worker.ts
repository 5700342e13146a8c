/** Start a case's worker process, hand it the spec, and wait (bounded) for its one reply. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerLaunch } from '../runtimes/launch.js';
import type { CaseSpec, WorkerReply } from './protocol.js';
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

/** `launch`: the variant's Node binary and library hook (--node, --with); without it, the Node running muxbench. */
export async function runWorker(spec: CaseSpec, env: Record<string, string>, timeoutMs: number, launch?: WorkerLaunch): Promise<WorkerReply> {
  const file = await workerFile();
  // A TypeScript strategy file: the worker registers the loader itself (run/load-strategy.ts).
  const execArgv = launch?.execArgv ?? [];
  return new Promise((resolve) => {
    const child = fork(file, [], {
      cwd: projectRoot,
      execArgv,
      ...(launch ? { execPath: launch.execPath } : {}),
      env: { ...process.env, ...env, ...launch?.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    let settled = false;
    const finish = (reply: WorkerReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ type: 'error', code: 'MUXBENCH_CASE_TIMEOUT' satisfies ErrorCode, message: `case did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
    child.once('message', (reply: WorkerReply) => finish(reply));
    child.once('error', (error) => finish({ type: 'error', code: 'MUXBENCH_WORKER' satisfies ErrorCode, message: error.message }));
    child.once('exit', (code, signal) => {
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      finish({
        type: 'error',
        code: 'MUXBENCH_WORKER_EXIT' satisfies ErrorCode,
        message: `worker exited (${signal ?? `code ${code}`}) before reporting${tail ? `: ${tail}` : ''}`,
      });
    });
    child.send(spec);
  });
}
