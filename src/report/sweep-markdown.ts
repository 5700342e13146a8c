/** The concurrency sweep as Markdown: one table per metric, strategies × concurrency. */
import type { Results } from '../results.js';
import { gfmTable } from './gfm.js';
import { sweepSkips, sweepTables, sweepView } from './sweep.js';

export function renderSweepMarkdown(results: Results): string[] {
  const view = sweepView(results);
  if (!view) return [];
  const out = ['## Concurrency sweep', '', 'How each strategy\'s cost grows with load (values: mean ± stdev or range over repetitions).'];
  for (const table of sweepTables(view)) {
    out.push('', `### ${table.metric.title}`, '');
    out.push(...gfmTable(table.head, table.rows, table.head.map((_, i) => (i === 0 ? 'left' : 'right'))));
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
