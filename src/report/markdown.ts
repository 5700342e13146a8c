/**
 * The Markdown report, meant to be pasted into a performance review or committed next
 * to the JSON. Same columns and numbers as the terminal table (both come from rows.ts).
 */
import type { Results, ScenarioInfo } from '../results.js';
import {
  ALIGN,
  COLUMNS,
  LEGEND,
  SEVERITY_MARK,
  aggregatesOf,
  describeLines,
  notesOf,
  rowCells,
  scenarioHeadingFacts,
  targetLine,
} from './rows.js';
import { PHASE_ALIGN, PHASE_COLUMNS, PHASE_LEGEND, phaseCells, phaseRows } from './phases.js';
import { referenceLine, serverLine } from './reference.js';
import { calibrationLine, costLines, rttCostLine } from '../costs/summary.js';
import { renderCompareMarkdown } from './compare-markdown.js';
import { gfmTable, inlineCode as code } from './gfm.js';
import { renderSweepMarkdown } from './sweep-markdown.js';
import { renderOpenLoopMarkdown } from './open-loop-rows.js';
import { renderLifetimeMarkdown } from './lifetime-rows.js';
import { renderMatrixMarkdown } from './matrix.js';
import { machineLine, measuredLines, muxbenchLine } from './runtimes.js';

export { escapeCell } from './gfm.js';

/** A code block whose fence is longer than any backtick run in the text, so it stays intact. */
function fenced(text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}sh`, text, fence];
}

export function renderMarkdown(results: Results): string {
  const env = results.environment;
  const out: string[] = [
    `# ${results.tool.name} ${results.tool.version} results`,
    '',
    ...measuredLines(results).map((line) => `- Measured on ${line}`),
    `- Machine: ${machineLine(env)}`,
    `- Target: ${targetLine(results)}`,
    ...(serverLine(results) ? [`- Server: ${serverLine(results)}`] : []),
    ...(calibrationLine(results.target.costs) ? [`- Costs: ${calibrationLine(results.target.costs) ?? ''}`] : []),
    ...(rttCostLine(results) ? [`- At a real round trip: ${rttCostLine(results) ?? ''}`] : []),
    ...(results.reference ? [`- Reference: h2load ${results.reference.version ?? '(not installed)'}: ${results.reference.note}`] : []),
    `- Started ${results.startedAt}, ${results.finishedAt ? `finished ${results.finishedAt}` : 'unfinished'}`,
    `- ${muxbenchLine(env)}`,
    '',
    'Reproduce with:',
    '',
    ...fenced(results.command),
    '',
    'Columns:',
    '',
    ...LEGEND.map((line) => `- ${line}`),
  ];
  const matrix = renderMatrixMarkdown(results);
  if (matrix.length > 0) out.push('', ...matrix);
  for (const scenario of results.scenarios) out.push('', ...renderScenario(results, scenario));
  const sweep = renderSweepMarkdown(results);
  if (sweep.length > 0) out.push('', ...sweep);
  const openLoop = renderOpenLoopMarkdown(results);
  if (openLoop.length > 0) out.push('', ...openLoop);
  const lifetime = renderLifetimeMarkdown(results);
  if (lifetime.length > 0) out.push('', ...lifetime);
  if (results.comparison) out.push('', ...renderCompareMarkdown(results.comparison));
  return `${out.join('\n')}\n`;
}

function renderScenario(results: Results, scenario: ScenarioInfo): string[] {
  const lines = [
    `## ${scenario.id}`,
    '',
    `${scenario.description} (${scenarioHeadingFacts(results, scenario)})`,
    '',
    ...gfmTable(
      COLUMNS,
      aggregatesOf(results, scenario.id).map((agg) => rowCells(results, agg)),
      ALIGN,
    ),
    '',
    ...(referenceLine(results, scenario.id) ? [`${referenceLine(results, scenario.id) ?? ''}`, ''] : []),
    ...(costLines(results, scenario.id).length > 0 ? [...costLines(results, scenario.id).map((l) => (l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`)), ''] : []),
    ...describeLines(results, scenario).map((line) => `- ${line}`),
  ];
  const notes = notesOf(results, scenario.id);
  if (notes.length > 0) {
    lines.push('');
    for (const note of notes) {
      const fix = note.fix ? ` — fix: ${code(note.fix)}` : '';
      lines.push(`- ${SEVERITY_MARK[note.severity]} **${note.subject}**: ${note.message}${fix}`);
    }
  }
  const phases = phaseRows(results, scenario.id);
  if (phases.length > 0) {
    lines.push(
      '',
      `Phases (${scenario.id}):`,
      '',
      ...gfmTable(
        PHASE_COLUMNS.map((name, i) => (i < 2 || i === 6 ? name : name.replace(' [ms]', ' p50 / p99 [ms]'))),
        phases.map((p) => phaseCells(p, ' / ')),
        PHASE_ALIGN,
      ),
      '',
      PHASE_LEGEND,
    );
  }
  return lines;
}
