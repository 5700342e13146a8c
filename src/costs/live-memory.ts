/**
 * This Node process's memory with garbage collected first, so the heap figure is live
 * objects (what open connections hold) and not what the next collection would free.
 * `--expose-gc` set at run time gives `gc` to a new context without restarting Node.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface ServerMemory {
  rssBytes: number;
  heapUsedBytes: number;
}

export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

export function liveMemory(): ServerMemory {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}
