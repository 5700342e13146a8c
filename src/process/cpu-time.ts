/**
 * CPU time of another process on this machine (the ping server, nginx's workers), read from
 * Linux's scheduler statistics: `/proc/<pid>/task/<tid>/schedstat` holds, per thread, the
 * nanoseconds it has run on a CPU. Summed over the threads this is the process's CPU time
 * (user + system) at nanosecond resolution; `/proc/<pid>/stat`'s utime/stime count clock
 * ticks (10 ms here), too coarse for a case that lasts a second.
 *
 * A thread that ended between two readings takes its time with it, so a difference can
 * undercount; the processes read here keep their threads for their whole life.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** The process's CPU time in nanoseconds, or undefined when it cannot be read (not Linux, gone, not ours). */
export function processCpuNs(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let total = 0;
  let read = 0;
  for (const tid of tids) {
    try {
      const first = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ', 1)[0];
      const ns = Number(first);
      if (Number.isFinite(ns)) {
        total += ns;
        read += 1;
      }
    } catch {
      // The thread ended while we listed them: its time is gone with it (see above).
    }
  }
  return read > 0 ? total : undefined;
}

/** CPU time of several processes together (nginx's workers), in nanoseconds; undefined if none could be read. */
export function processesCpuNs(pids: readonly number[]): number | undefined {
  return sumOver(pids, processCpuNs);
}

/** A per-process reading summed over processes (nginx's workers: CPU here, RSS in costs/); undefined when none could be read. */
export function sumOver(pids: readonly number[], read: (pid: number) => number | undefined): number | undefined {
  let total = 0;
  let any = false;
  for (const pid of pids) {
    const value = read(pid);
    if (value !== undefined) {
      total += value;
      any = true;
    }
  }
  return any ? total : undefined;
}

/**
 * The pids of a process's children (nginx's workers under its master), from
 * `/proc/<pid>/task/<tid>/children`; empty when that cannot be read.
 */
export function childPids(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out = new Set<number>();
  for (const tid of tids) {
    try {
      for (const word of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) {
        const child = Number(word);
        if (word.trim() !== '' && Number.isInteger(child)) out.add(child);
      }
    } catch {
      // A thread that ended, or a kernel without the children file: nothing to add.
    }
  }
  return [...out];
}
