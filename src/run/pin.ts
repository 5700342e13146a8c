/**
 * --pin: the server on one core, the workers on another, so the client under test and
 * the server it measures do not take turns on the same core. Done with util-linux
 * `taskset` on muxbench's own process, because CPU affinity is inherited at spawn: the
 * parent moves to the server's core, starts the target (its processes inherit it), then
 * moves to the workers' core, where every worker it spawns afterwards runs. No spawn site
 * has to know.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { findExecutable } from '../find-executable.js';

export interface PinPlan {
  server: string;
  workers: string;
  /** Affinity list of this process before pinning, restored at the end. */
  original: string;
}

function affinity(pid: number): string {
  const out = execFileSync('taskset', ['-p', '-c', String(pid)], { encoding: 'utf8', timeout: 5_000 });
  // "pid 123's current affinity list: 0,1"
  return out.trim().split(':').pop()!.trim();
}

function setAffinity(list: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', list, String(process.pid)], { stdio: 'ignore', timeout: 5_000 });
}

/** The plan for this machine, or the reason pinning cannot be done (one line). */
export function pinPlan(): PinPlan | string {
  const cores = os.cpus().length;
  if (cores < 2) return `--pin needs at least 2 cores, this machine has ${cores}`;
  if (findExecutable('taskset', { overrideVar: 'MUXBENCH_TASKSET', extraDirs: ['/usr/bin', '/bin'] }) === undefined) return '--pin needs taskset (Debian package util-linux) on the PATH';
  // Core 0 takes interrupts and housekeeping on most kernels: give it the server, which waits more.
  const workers = cores === 2 ? '1' : `1-${cores - 1}`;
  return { server: '0', workers, original: affinity(process.pid) };
}

export const pinToServerCore = (plan: PinPlan): void => setAffinity(plan.server);
export const pinToWorkerCores = (plan: PinPlan): void => setAffinity(plan.workers);
export const unpin = (plan: PinPlan): void => setAffinity(plan.original);
