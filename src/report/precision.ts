/**
 * The precision a --precision run reached, per strategy: the worst 95 % half-width over its
 * rows (scenarios) and means (p50, p99, throughput), and the repetitions it took.
 */
import type { Results } from '../results.js';
import { worstHalfWidth } from '../stats/aggregate.js';

/**
 * Past ±1000 % a half-width says only "not measured": with 2 repetitions t is 12.7 and the
 * interval is on the log scale, so a loaded machine printed ±1,743,516.6 %.
 */
const pct = (x: number | null): string =>
  x === null ? 'n/a (< 2 repetitions)' : x > 10 ? 'beyond ±1000 %' : `±${(x * 100).toFixed(1)} %`;

export function renderPrecisionLines(results: Results): string[] {
  const p = results.precision;
  if (!p) return [];
  const why =
    p.stoppedBy === 'target' ? 'every row reached it' : p.stoppedBy === 'max-time' ? 'the time budget ran out first' : 'the 100-repetition cap';
  const lines = [
    `precision: target ${pct(p.target)} (95 % half-width of every mean), max ${Math.round(p.maxTimeMs / 1000)} s: ` +
      `${p.rowsWithinTarget} of ${p.rows} rows within target after ${(p.elapsedMs / 1000).toFixed(0)} s (${why})`,
  ];
  const strategies = [...new Set(results.aggregates.map((a) => a.strategy))];
  for (const strategy of strategies) {
    const rows = results.aggregates.filter((a) => a.strategy === strategy && a.repetitions > 0);
    if (rows.length === 0) continue;
    const worst = rows.map(worstHalfWidth);
    const known = worst.filter((x): x is number => x !== null);
    const reps = rows.map((a) => a.repetitions);
    lines.push(
      `  ${strategy}: worst ${pct(known.length === worst.length ? Math.max(...known) : null)}, ` +
        `${Math.min(...reps) === Math.max(...reps) ? Math.min(...reps) : `${Math.min(...reps)}–${Math.max(...reps)}`} repetition${Math.max(...reps) === 1 ? '' : 's'}`,
    );
  }
  return lines;
}
