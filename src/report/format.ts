/**
 * Pure number-to-text helpers shared by every writer, so the terminal table, the
 * Markdown and the sentences always show a value the same way. Locale is pinned to
 * en-US so a results file renders identically on every machine.
 */
import type { Ratio } from '../stats/summary.js';
import { fmtRange } from '../results/count-text.js';

// The text forms the results contract itself stores (a comparison's count changes) live with it.
export { fmtRange, protocolLabel } from '../results/count-text.js';

const NOT_AVAILABLE = 'n/a';

/**
 * Milliseconds to 3 significant digits (0.412, 12.3, 153), which is what the HDR
 * histogram resolves; trailing zeros stay (5.00) because they state that precision.
 * From 1000 up, whole numbers, never exponent notation.
 */
export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return NOT_AVAILABLE;
  if (x === 0) return '0';
  const text = x.toPrecision(3);
  return text.includes('e') ? String(Math.round(x)) : text;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Requests per second: whole numbers with thousands separators from 100 up, else 3 significant digits. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x)) return NOT_AVAILABLE;
  if (Math.abs(x) >= 100) return grouped.format(x);
  return fmtMs(x);
}

/** Whole counts with thousands separators: 2,200. */
export function fmtCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(n) : NOT_AVAILABLE;
}

/**
 * "12.3 ± 0.4": the spread is shown with the decimals of the mean, since a spread more
 * precise than the mean it qualifies means nothing.
 */
export function fmtMeanSpread(mean: number, stdev: number, fmt: (x: number) => string): string {
  const m = fmt(mean);
  if (!Number.isFinite(stdev) || m === NOT_AVAILABLE) return m;
  const decimals = /\.(\d+)$/.exec(m)?.[1]?.length ?? 0;
  const s = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: m.includes(','),
  }).format(stdev);
  return `${m} ± ${s}`;
}

/**
 * A speed ratio (subject speed / baseline speed, e.g. throughput a / throughput b) as
 * "2.31 ± 0.04× faster" or, below 1, inverted to "1.52 ± 0.03× slower", like hyperfine.
 * The uncertainty is propagated through the inversion: σ(1/r) = σ / r².
 */
export function fmtRatio({ ratio, uncertainty }: Ratio): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return NOT_AVAILABLE;
  const faster = ratio >= 1;
  const r = faster ? ratio : 1 / ratio;
  const u = faster ? uncertainty : uncertainty / ratio ** 2;
  const decimals = r < 10 ? 2 : r < 100 ? 1 : 0;
  const factor = Number.isFinite(u) ? `${r.toFixed(decimals)} ± ${u.toFixed(decimals)}×` : `${r.toFixed(decimals)}×`;
  if (r.toFixed(decimals) === (1).toFixed(decimals)) return `${factor} (same speed)`;
  return `${factor} ${faster ? 'faster' : 'slower'}`;
}

/** "1 connection", "3 connections", "2–3 connections": singular only for exactly one. */
export function countOf(range: { min: number; max: number }, singular: string, plural = `${singular}s`): string {
  const one = range.min === 1 && range.max === 1;
  return `${fmtRange(range.min, range.max)} ${one ? singular : plural}`;
}
