/** The precision lines of a --precision run: per strategy the worst half-width, and where it stops meaning anything. */
import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderPrecisionLines } from './precision.js';

function withPrecision(halfWidths: Array<number | null>): Results {
  const results = fixtureResults();
  const strategy = results.aggregates[0]?.strategy;
  results.aggregates = results.aggregates.filter((a) => a.strategy === strategy).slice(0, 1);
  const [agg] = results.aggregates;
  if (!agg) throw new Error('fixture changed');
  agg.halfWidth95 = { p50: halfWidths[0] ?? null, p99: halfWidths[1] ?? null, throughput: halfWidths[2] ?? null };
  results.precision = { target: 0.03, maxTimeMs: 135_000, minRepetitions: 3, elapsedMs: 133_000, stoppedBy: 'max-time', rowsWithinTarget: 0, rows: 1 };
  return results;
}

describe('precision lines', () => {
  it('names the target, the rows within it, why it stopped, and per strategy the worst half-width', () => {
    const lines = renderPrecisionLines(withPrecision([0.021, 0.087, 0.04]));
    expect(lines[0]).toBe('precision: target ±3.0 % (95 % half-width of every mean), max 135 s: 0 of 1 rows within target after 133 s (the time budget ran out first)');
    expect(lines[1]).toMatch(/^ {2}[\w-]+: worst ±8\.7 %, \d+(–\d+)? repetitions?$/);
  });

  it('a half-width past ±1000 % is called what it is instead of printed as ±1,743,516.6 %', () => {
    expect(renderPrecisionLines(withPrecision([0.5, 17435.166, null]))[1]).toContain('worst beyond ±1000 %');
    expect(renderPrecisionLines(withPrecision([0.5, 9.99, null]))[1]).toContain('worst ±999.0 %');
  });
});
