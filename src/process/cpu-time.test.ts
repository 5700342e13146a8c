import { describe, expect, it } from 'vitest';
import { processCpuNs, processesCpuNs } from './cpu-time.js';

/** Burn CPU on this thread for at least `ms` of wall time. */
function spin(ms: number): void {
  const until = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < until) {
    // busy
  }
}

describe('processCpuNs', () => {
  it("agrees with the process's own CPU clock over a busy stretch", () => {
    const before = processCpuNs(process.pid);
    const own = process.cpuUsage();
    spin(60);
    const after = processCpuNs(process.pid);
    const ownDelta = process.cpuUsage(own);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    const schedMicros = (after! - before!) / 1000;
    const ownMicros = ownDelta.user + ownDelta.system;
    // Both clocks count the same busy thread; other threads (GC, libuv) may add a little to either.
    expect(schedMicros).toBeGreaterThan(ownMicros * 0.5);
    expect(schedMicros).toBeLessThan(ownMicros * 2 + 20_000);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuNs(2 ** 30)).toBeUndefined();
    expect(processesCpuNs([2 ** 30])).toBeUndefined();
  });
});
