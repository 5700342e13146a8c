/**
 * The server's memory over one case: its RSS before the case, then its peak during it
 * (the kernel's high-water mark, reset to the current RSS just before the case). Summed
 * over nginx's workers. What the case's connections cost the server at their most.
 */
import type { CaseServerMemory } from '../results.js';
import { peakRssBytes, resetPeakRss, rssBytes } from './proc-memory.js';
import { sumOver } from '../process/cpu-time.js';

/** Before the case: reset the peaks and read the RSS; undefined when /proc cannot be read or written. */
export function startCaseMemory(pids: readonly number[]): number | undefined {
  if (pids.length === 0 || !pids.every(resetPeakRss)) return undefined;
  return sumOver(pids, rssBytes);
}

export function endCaseMemory(pids: readonly number[], rssBeforeBytes: number | undefined): CaseServerMemory | undefined {
  if (rssBeforeBytes === undefined) return undefined;
  const rssPeakBytes = sumOver(pids, peakRssBytes);
  return rssPeakBytes !== undefined ? { rssBeforeBytes, rssPeakBytes } : undefined;
}
