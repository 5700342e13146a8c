/** The terminal rendering of a comparison (muxbench compare, run --compare). */
import Table from 'cli-table3';
import { COMPARE_ALIGN, COMPARE_COLUMNS, compareHeading, compareNotes, compareRows, compareWarnings, scenariosOf } from './rows.js';
import type { Comparison } from './types.js';

export function renderCompareText(comparison: Comparison): string {
  const blocks: string[] = [`compare: ${compareHeading(comparison)}`];
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
