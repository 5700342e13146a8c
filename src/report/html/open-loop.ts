/** The open-loop section of the HTML report: corrected against uncorrected latency per case. */
import type { Results } from '../../results.js';
import { openLoopRows, OPEN_LOOP_COLUMNS } from '../open-loop-rows.js';
import { barChart, esc } from './svg.js';

export function openLoopSection(results: Results): string {
  const runs = results.runs.filter((r) => r.openLoop !== undefined && r.status === 'ok');
  if (runs.length === 0) return '';
  const label = (r: (typeof runs)[number]): string => `${r.scenario} ${r.strategy} #${r.repetition + 1}`;
  const chart = barChart({
    id: 'open-loop-latency',
    title: 'open loop: p99 latency, corrected (from the intended send) and uncorrected',
    unit: 'p99 latency [ms]',
    categories: runs.map(label),
    series: [
      { name: 'corrected p99', values: runs.map((r) => r.openLoop?.correctedLatencyMs.p99 ?? null) },
      { name: 'uncorrected p99', values: runs.map((r) => r.openLoop?.uncorrectedLatencyMs.p99 ?? null) },
    ],
  });
  const th = OPEN_LOOP_COLUMNS.map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = openLoopRows(results)
    .map((r) => `<tr>${r.map((c, i) => `<td${i >= 1 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<section class="open-loop" id="open-loop"><h2>Open-loop load</h2><table><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>\n${chart}</section>`;
}
