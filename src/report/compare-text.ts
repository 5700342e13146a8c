/** The terminal rendering of a comparison (muxbench compare, run --compare). */
import Table from 'cli-table3';
import type { Comparison } from '../results/comparison.js';
import { COMPARE_ALIGN, COMPARE_COLUMNS, compareHeading, compareNotes, compareRows, compareWarnings, gateLines, scenariosOf } from './compare-rows.js';

const comparisons = (n: number): string => `${n} comparison${n === 1 ? '' : 's'}`;

export function renderCompareText(comparison: Comparison): string {
  const blocks: string[] = [`compare: ${compareHeading(comparison)}`];
  const gate = gateLines(comparison);
  if (gate.length > 0) blocks.push([`gate: ${gate.length} gated row${gate.length === 1 ? '' : 's'}, ${comparisons(comparison.correction?.tests ?? 0)} in the correction`, ...gate.map((g) => `  ${g}`)].join('\n'));
  for (const warning of compareWarnings(comparison)) blocks.push(`⚠ ${warning}`);
  for (const scenario of scenariosOf(comparison)) {
    const table = new Table({
      head: [...COMPARE_COLUMNS],
      colAligns: [...COMPARE_ALIGN],
      style: { compact: true, head: [], border: [] },
    });
    for (const row of compareRows(comparison, scenario)) table.push(row);
    const notes = compareNotes(comparison, scenario).map((n) => `  ⚠ ${n}`);
    blocks.push([scenario, table.toString(), ...notes].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
