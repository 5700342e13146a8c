/**
 * The fixtures the report, HTML and compare tests render are held to what real results
 * must satisfy: percentiles in order (min ≤ p50 ≤ p90 ≤ p99 ≤ p999 ≤ max) in every case,
 * every open-loop summary, every phase and every aggregate. A fixture that breaks it
 * would let a renderer that swaps two columns pass.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../diagnose/registry.js';
import { orderViolations, resultsOrderViolations } from '../../test/support/order.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { sweepFixtureResults } from '../../test/support/sweep-fixture.js';

describe('fixtures keep percentiles in order', () => {
  it.each([
    ['fixtureResults', fixtureResults],
    ['sweepFixtureResults', sweepFixtureResults],
  ])('%s', (_name, make) => {
    expect(resultsOrderViolations(make())).toEqual([]);
  });

  it('the check itself catches a p99 above max and a mean outside [min, max]', () => {
    const s = { min: 7.1, mean: 30, stdev: 4.3, p50: 14.2, p90: 20.5, p99: 320.4, p999: 25.1, max: 25.1 };
    expect(orderViolations(s)).toEqual(['p99 320.4 > p999 25.1', 'mean 30 outside [7.1, 25.1]']);
    expect(orderViolations({ ...s, p99: 22.8, mean: 14.9 })).toEqual([]);
    expect(orderViolations({ ...s, p99: 22.8, mean: 14.9, p50: 7 })).toEqual(['min 7.1 > p50 7']);
  });
});

describe('fixtures carry only verdicts a rule produces', () => {
  it.each([
    ['fixtureResults', fixtureResults],
    ['sweepFixtureResults', sweepFixtureResults],
  ])('%s', (_name, make) => {
    const ids = new Set(rules.map((r) => r.id));
    const unknown = make().runs.flatMap((r) => r.verdicts.map((v) => v.rule)).filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
  });
});
