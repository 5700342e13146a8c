/**
 * The child-process helper with real processes: a guarded shell and the sleep it starts
 * in the background go together at the timeout, on abort and on stop; output is kept up
 * to its bound; a program that does not exist is one line. Bounds are generous (a hang
 * would exceed them), the 2 s one is the issue's.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alive as running, waitGone } from '../../test/support/process-tree.js';
import { tsxImport } from '../child-entry.js';
import { spawnChild } from './child.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, boundMs: number): Promise<boolean> {
  const deadline = performance.now() + boundMs;
  while (performance.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !alive(pid);
}

/** A shell that starts a background sleep, prints its pid, then waits. */
const SHELL = ['-c', 'sleep 30 & echo $!; wait'];

async function backgroundPid(child: ReturnType<typeof spawnChild>): Promise<number> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const pid = Number(child.stdout().trim().split('\n')[0]);
    if (pid > 0) return pid;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the shell did not print its background pid');
}

describe('spawnChild (guarded)', () => {
  it('kills the whole group at the timeout, the background sleep included', async () => {
    const child = spawnChild({ kind: 'guarded', file: 'sh', args: SHELL, stdout: 'keep', timeoutMs: 1_500, graceMs: 200 });
    const sleeper = await backgroundPid(child);
    const program = await child.pid();
    const exit = await child.exited;
    expect(exit.timedOut).toBe(true);
    expect(exit.code).toBeNull();
    expect(exit.signal).toBe('SIGTERM');
    expect(await goneWithin(sleeper, 2_000)).toBe(true);
    expect(await goneWithin(program!, 2_000)).toBe(true);
  });

  it('kills the group at once on abort', async () => {
    const controller = new AbortController();
    const child = spawnChild({ kind: 'guarded', file: 'sh', args: SHELL, stdout: 'keep', signal: controller.signal });
    const sleeper = await backgroundPid(child);
    controller.abort();
    const exit = await child.exited;
    expect(exit.aborted).toBe(true);
    expect(await goneWithin(sleeper, 2_000)).toBe(true);
  });

  it('passes the exit status through and keeps only the last characters of output', async () => {
    const child = spawnChild({ kind: 'guarded', file: 'sh', args: ['-c', 'for i in $(seq 1 2000); do echo line-$i; done; echo bye >&2; exit 3'], stdout: 'keep', outputChars: 100 });
    const exit = await child.exited;
    expect(exit).toMatchObject({ code: 3, signal: null, timedOut: false, aborted: false });
    expect(child.stdout().length).toBeLessThanOrEqual(100);
    expect(child.stdout()).toMatch(/line-2000\n$/);
    expect(child.stderr()).toBe('bye\n');
  });

  it('a program that does not exist is a one-line spawn error', async () => {
    const child = spawnChild({ kind: 'guarded', file: 'muxbench-no-such-program' });
    const exit = await child.exited;
    expect(exit.spawnError).toBe("'muxbench-no-such-program' not found (is it installed and on the PATH?)");
  });

  it('stop() ends a program that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const child = spawnChild({ kind: 'guarded', file: 'sh', args: ['-c', "trap '' TERM; echo ready; while :; do sleep 0.1; done"], stdout: 'keep', graceMs: 300 });
    await backgroundPid({ ...child, stdout: () => (child.stdout().includes('ready') ? '1' : '') });
    const exit = await child.stop();
    expect(exit.signal).toBe('SIGKILL');
  });

  it('the guardian kills the program when its parent dies of SIGKILL (no exit hook runs)', async () => {
    // A parent that starts a guarded sleep, prints the sleep's pid, then waits to be killed.
    const childModule = fileURLToPath(new URL('./child.ts', import.meta.url));
    const script = `import { spawnChild } from ${JSON.stringify(childModule)};
const child = spawnChild({ kind: 'guarded', file: 'sleep', args: ['30'] });
console.log(await child.pid());
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, [...tsxImport(), '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const program = await new Promise<number>((resolve, reject) => {
        let out = '';
        parent.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          if (out.includes('\n')) resolve(Number(out.trim()));
        });
        parent.once('exit', () => reject(new Error(`the parent exited before printing the program's pid: ${out}`)));
        setTimeout(() => reject(new Error('the parent printed no pid within 20 s')), 20_000).unref();
      });
      expect(program).toBeGreaterThan(0);
      expect(running(program)).toBe(true);
      parent.kill('SIGKILL');
      // Gone or a zombie (a killed orphan waits for its new parent to reap it): it runs nothing.
      expect(await waitGone([program], 2_000)).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
