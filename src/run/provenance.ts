/**
 * Where and under what conditions a results file was measured, beyond the software
 * versions: the commit of the project under test (the current directory, which is the
 * user's project when muxbench runs from node_modules), the load on the machine at the
 * start and end, and the CPU frequency policy. A timing from a busy machine or an
 * uncommitted tree is still data, but a reader must be able to tell.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Provenance } from '../results.js';

/**
 * Load average (1 min) per core above which the machine counts as busy. Our own parent
 * process idles while a case runs; one busy worker on 2 cores is 0.5 per core, so above
 * that something else was running.
 */
export const BUSY_LOAD_PER_CORE = 0.5;

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The commit and dirty flag of the git work tree at `cwd`; null when it is not one (or git is missing). */
export function projectRevision(cwd: string): Provenance['project'] {
  const commit = git(cwd, ['rev-parse', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{40}$/.test(commit)) return { cwd, commit: null, dirty: null };
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no']);
  return { cwd, commit, dirty: status === undefined ? null : status.length > 0 };
}

/** The cpufreq governor of each CPU that exposes one ("performance", "powersave"); null when none is readable (VMs, containers). */
export function cpuGovernor(): string | null {
  const found = new Set<string>();
  for (let i = 0; i < os.cpus().length; i++) {
    try {
      found.add(readFileSync(`/sys/devices/system/cpu/cpu${i}/cpufreq/scaling_governor`, 'utf8').trim());
    } catch {
      // Not exposed here.
    }
  }
  return found.size === 0 ? null : [...found].sort().join(', ');
}

const loadAverage = (): [number, number, number] => {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [a, b, c];
};

export function startProvenance(cwd = process.cwd()): Provenance {
  return {
    project: projectRevision(cwd),
    loadAverage: { start: loadAverage(), end: null },
    cpuGovernor: cpuGovernor(),
    warnings: [],
  };
}

/** Records the end load and the warnings a reader should see (a busy machine). */
export function finishProvenance(p: Provenance, cores = os.cpus().length): void {
  p.loadAverage.end = loadAverage();
  p.warnings = busyWarnings(p, cores);
}

export function busyWarnings(p: Provenance, cores: number): string[] {
  const limit = BUSY_LOAD_PER_CORE * cores;
  const start = p.loadAverage.start[0];
  const end = p.loadAverage.end?.[0];
  const busy = start > limit || (end !== undefined && end > limit);
  if (!busy) return [];
  const fmt = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(2));
  return [
    `the machine was not idle: load average ${fmt(start)} at the start, ${fmt(end)} at the end on ${cores} cores ` +
      `(idle means ≤ ${limit.toFixed(1)}); timings are noisier than usual, compare only within this run (--a/--b)`,
  ];
}
