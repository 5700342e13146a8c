/**
 * Memory of another process on this machine (the ping server, nginx's workers), from
 * Linux's /proc: VmRSS now, VmHWM the peak, and `clear_refs` 5, which resets that peak
 * to the current RSS so a case's own peak can be read (proc(5)). Undefined where /proc
 * cannot be read (not Linux, the process is gone or not ours).
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size now, bytes. */
export function rssBytes(pid: number): number | undefined {
  return statusKb(pid, 'VmRSS');
}

/** Highest resident set size since the process started or since resetPeakRss, bytes. */
export function peakRssBytes(pid: number): number | undefined {
  return statusKb(pid, 'VmHWM');
}

/** Sets the peak back to the current RSS; false when the kernel refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

