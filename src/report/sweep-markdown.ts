/** The concurrency sweep as Markdown: one table per metric, strategies × concurrency. */
import type { Results } from '../results.js';
import { escapeCell } from './markdown.js';
import { sweepSkips, sweepTables, sweepView } from './sweep.js';

export function renderSweepMarkdown(results: Results): string[] {
  const view = sweepView(results);
  if (!view) return [];
  const row = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const out = ['## Concurrency sweep', '', 'How each strategy\'s cost grows with load (values: mean ± stdev or range over repetitions).'];
  for (const table of sweepTables(view)) {
    out.push('', `### ${table.metric.title}`, '', row(table.head), `| --- |${table.head.slice(1).map(() => ' ---: ').join('|')}|`);
    out.push(...table.rows.map(row));
  }
  const skips = sweepSkips(view);
  if (skips.length > 0) out.push('', ...skips.map((s) => `- – ${s}`));
  return out;
}

/** The same tables as plain text for the terminal (GFM tables read fine there too). */
export function renderSweepText(results: Results): string {
  const lines = renderSweepMarkdown(results);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
