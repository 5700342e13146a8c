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
  aggregateCells,
  aggregatesOf,
  describeLines,
  notesOf,
  scenarioFacts,
  strategyLabel,
  targetLine,
  variantLines,
} from './rows.js';
import { PHASE_ALIGN, PHASE_COLUMNS, PHASE_LEGEND, phaseCells, phaseRows } from './phases.js';
import { referenceLine, serverLine } from './reference.js';
import { renderCompareMarkdown } from './compare-markdown.js';
import { renderSweepMarkdown } from './sweep-markdown.js';
import { renderOpenLoopMarkdown } from './open-loop-rows.js';
import { renderMatrixMarkdown } from './matrix.js';

/** `|` would end a GFM table cell, and a newline would end the row. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text (CommonMark: use a longer fence). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ` ${text} ` : text}${fence}`;
}

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
    ...variantLines(results).map((line) => `- Measured on ${line}`),
    `- Node ${env.node}, OpenSSL ${env.openssl}, nghttp2 ${env.nghttp2}${results.variants ? ' (muxbench itself)' : ''}`,
    `- OS: ${env.os}`,
    `- CPU: ${env.cpus} × ${env.cpuModel}`,
    `- Dependencies: ${Object.entries(env.dependencies).map(([n, v]) => `${n} ${v}`).join(', ') || 'none'}`,
    `- Target: ${targetLine(results)}`,
    ...(serverLine(results) ? [`- Server: ${serverLine(results)}`] : []),
    ...(results.reference ? [`- Reference: h2load ${results.reference.version ?? '(not installed)'}: ${results.reference.note}`] : []),
    `- Started ${results.startedAt}, ${results.finishedAt ? `finished ${results.finishedAt}` : 'unfinished'}`,
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
  if (results.comparison) out.push('', ...renderCompareMarkdown(results.comparison));
  return `${out.join('\n')}\n`;
}

function renderScenario(results: Results, scenario: ScenarioInfo): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const lines = [
    `## ${scenario.id}`,
    '',
    `${scenario.description} (${scenarioFacts(scenario, results.options.repetitions)})`,
    '',
    row(COLUMNS),
    `|${ALIGN.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`,
    ...aggregatesOf(results, scenario.id).map((agg) => row(aggregateCells(agg, results.options.repetitions, strategyLabel(results, agg.strategy, agg.runtime)))),
    '',
    ...(referenceLine(results, scenario.id) ? [`${referenceLine(results, scenario.id) ?? ''}`, ''] : []),
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
      row(PHASE_COLUMNS.map((name, i) => (i < 2 || i === 6 ? name : name.replace(' [ms]', ' p50 / p99 [ms]')))),
      `|${PHASE_ALIGN.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`,
      ...phases.map((p) => row(phaseCells(p, ' / '))),
      '',
      PHASE_LEGEND,
    );
  }
  return lines;
}
