/**
 * The client's memory over one case, sampled by the case's own worker process: RSS and V8
 * heap used once the client is open (its library loaded, so the library's own code is not
 * counted as connection memory) and before its first request, then the highest of each
 * until the measured loop ends, while every connection the client opened is still held.
 *
 * A sample is `process.memoryUsage()` every SAMPLE_MS on an unref'd timer (~20–50 µs each
 * on this kind of machine: under 0.1 % of a case's time) and once more after the loop. The
 * RSS peak also comes from the kernel's high-water mark (VmHWM, reset for this process
 * before the case), which sees a peak between two samples. The heap peak counts garbage
 * not collected yet: it is what the process held at its most, not the live set (the
 * calibration's post-GC figures, target.costs, are the live set of a bare connection).
 */
import type { CaseClientMemory } from '../results.js';
import { peakRssBytes, resetPeakRss } from './proc-memory.js';

export const SAMPLE_MS = 50;

export interface ClientMemorySampler {
  /** Takes the last sample and stops the timer. */
  stop(): CaseClientMemory;
}

export function sampleClientMemory(sampleMs = SAMPLE_MS): ClientMemorySampler {
  const hwm = resetPeakRss(process.pid);
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const sample = (): void => {
    const now = process.memoryUsage();
    if (now.rss > rssPeak) rssPeak = now.rss;
    if (now.heapUsed > heapPeak) heapPeak = now.heapUsed;
  };
  const timer = setInterval(sample, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const kernelPeak = hwm ? peakRssBytes(process.pid) : undefined;
      return {
        rssBeforeBytes: before.rss,
        rssPeakBytes: Math.max(rssPeak, kernelPeak ?? 0),
        heapBeforeBytes: before.heapUsed,
        heapPeakBytes: heapPeak,
        sampleMs,
      };
    },
  };
}
