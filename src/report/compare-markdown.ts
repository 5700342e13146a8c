/** The comparison against a baseline, as a Markdown section (appended by renderMarkdown). */
import {
  COMPARE_ALIGN,
  COMPARE_COLUMNS,
  compareHeading,
  compareNotes,
  compareRows,
  compareWarnings,
  gateLines,
  scenariosOf,
} from './compare-rows.js';
import type { Comparison } from '../results/comparison.js';
import { gfmTable } from './gfm.js';

export function renderCompareMarkdown(comparison: Comparison, level = 2): string[] {
  const h = '#'.repeat(level);
  const out: string[] = [`${h} Compared with ${comparison.base.label}`, '', `${compareHeading(comparison)}.`];
  const warnings = compareWarnings(comparison);
  const gate = gateLines(comparison);
  if (gate.length > 0) out.push('', `Gated rows (${comparison.correction?.tests ?? 0} comparisons in the correction):`, '', ...gate.map((g) => `- ${g}`));
  if (warnings.length > 0) out.push('', ...warnings.map((w) => `> ⚠ ${w}`));
  for (const scenario of scenariosOf(comparison)) {
    out.push('', `${h}# ${scenario} against ${comparison.base.label}`, '');
    out.push(...gfmTable(COMPARE_COLUMNS, compareRows(comparison, scenario), COMPARE_ALIGN));
    const notes = compareNotes(comparison, scenario);
    if (notes.length > 0) out.push('', ...notes.map((n) => `- ⚠ ${n}`));
  }
  return out;
}
