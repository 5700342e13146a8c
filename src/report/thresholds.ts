/** Threshold outcomes as text: the terminal block, and the one line each also used by the Markdown summary and the exit-code reasons. */
import type { ThresholdOutcome } from '../results/thresholds.js';
import { fmtMs } from './format.js';

/** "burst/undici-h2 conns.cold<=1: 100 connections (highest of 3 repetitions)" */
export function outcomeLine(o: ThresholdOutcome): string {
  const unit = o.value === 1 && o.unit.endsWith('s') && o.unit !== 'ms' ? o.unit.slice(0, -1) : o.unit;
  const value = o.value === null ? 'not measured' : `${Number.isInteger(o.value) ? String(o.value) : fmtMs(o.value)} ${unit} (${o.fold})`;
  return `${o.scenario}/${o.strategy}${o.runtime !== undefined ? `@${o.runtime}` : ''} ${o.metric}${o.op}${o.limit}: ${value}`;
}

/** The terminal block: a heading naming where the thresholds came from, then one ✓/✗ line each. */
export function thresholdLines(outcomes: readonly ThresholdOutcome[], configFile: string | undefined): string[] {
  const failed = outcomes.filter((o) => !o.pass).length;
  const from = configFile !== undefined ? ` (from ${configFile}${outcomes.some((o) => o.source === '--threshold') ? ' and --threshold' : ''})` : '';
  const head = `thresholds${from}: ${failed === 0 ? `all ${outcomes.length} hold` : `${failed} of ${outcomes.length} failed`}`;
  return [head, ...outcomes.map((o) => `  ${o.pass ? '✓' : '✗'} ${outcomeLine(o)}`)];
}
