/** idle-burst: asked for by name only; its idles straddle the server's keep-alive timeout, and the runner's bound covers them. */
import { describe, expect, it } from 'vitest';
import { defaultScenarioIds, effectiveScenario, findScenario, idleBudgetMs, IDLE_BURST, withServerIdle } from './scenarios.js';

describe('idle-burst', () => {
  const scenario = findScenario(IDLE_BURST);
  if (!scenario) throw new Error('no idle-burst');

  it('is not in the default run, and its info carries no by-name marker', () => {
    expect(defaultScenarioIds()).not.toContain(IDLE_BURST);
    expect(defaultScenarioIds()).toEqual(['seed', 'seed-rtt20', 'burst', 'throughput']);
    expect(defaultScenarioIds({ ownRelay: false })).toEqual(['seed', 'burst', 'throughput']);
    expect(effectiveScenario(scenario, false)).not.toHaveProperty('byName');
  });

  it('idles 1 s without a known server timeout, T - 1, T and T + 1 with one', () => {
    const info = effectiveScenario(scenario, true);
    expect(withServerIdle(info, undefined).idleMs).toEqual([1000]);
    const t = withServerIdle(info, 300);
    expect(t.idleMs).toEqual([299, 300, 301]);
    expect(t.description).toMatch(/idle 299\/300\/301 ms in turn \(the server's keep-alive timeout is 300 ms\)/);
    // Other scenarios are left alone.
    const burst = findScenario('burst');
    if (!burst) throw new Error('no burst');
    const info2 = effectiveScenario(burst, true);
    expect(withServerIdle(info2, 300)).toBe(info2);
  });

  it("the runner's hard bound grows by the longest idle per round", () => {
    const t = withServerIdle(effectiveScenario(scenario, true), 300);
    expect(idleBudgetMs(t)).toBe(301 * (t.rounds.warmup + t.rounds.min));
    const burst = findScenario('burst');
    if (!burst) throw new Error('no burst');
    expect(idleBudgetMs(effectiveScenario(burst, true))).toBe(0);
  });
});
