/**
 * The Markdown summary: what a pull request or a CI step summary shows. Per scenario
 * the table, the hyperfine-style comparison and the grouped verdicts (each fix once);
 * then the thresholds and the comparison with a baseline. The full report (sentences,
 * every repetition's verdicts, phases) is markdown.ts, written next to the JSON.
 */
import type { Results, ScenarioInfo } from '../results.js';
import { renderCompareMarkdown } from './compare-markdown.js';
import { gfmTable, inlineCode } from './gfm.js';
import { ALIGN, COLUMNS, SEVERITY_MARK, aggregatesOf, rowCells, scenarioHeadingFacts, targetLine } from './rows.js';
import { referenceLine, serverLine } from './reference.js';
import { scenarioSummary, summaryLines } from './summary.js';
import { repList, verdictGroups } from './verdict-groups.js';
import { outcomeLine } from './thresholds.js';
import { describeErrors } from './describe.js';
import { machineLine, measuredLines } from './runtimes.js';

export function renderMarkdownSummary(results: Results): string {
  const out: string[] = [
    `## ${results.tool.name} ${results.tool.version}: ${inlineCode(results.command)}`,
    '',
    `measured on ${measuredLines(results).join('; ')} · ${machineLine(results.environment)} · target ${targetLine(results)}${serverLine(results) ? ` · server ${serverLine(results)}` : ''} · started ${results.startedAt}`,
    '',
    'p50, p99, throughput: mean ± sample stdev over repetitions; conns cold/warm: TCP connections opened in the first round / in all later rounds.',
  ];
  for (const scenario of results.scenarios) out.push('', ...scenarioBlock(results, scenario));
  if (results.thresholds && results.thresholds.length > 0) {
    const failed = results.thresholds.filter((t) => !t.pass);
    out.push('', `### Thresholds: ${failed.length === 0 ? 'all hold' : `${failed.length} of ${results.thresholds.length} failed`}`, '');
    out.push(...results.thresholds.map((t) => `- ${t.pass ? '✓' : '✗'} ${outcomeLine(t)}`));
  }
  if (results.comparison) out.push('', ...renderCompareMarkdown(results.comparison, 3));
  return `${out.join('\n')}\n`;
}

function scenarioBlock(results: Results, scenario: ScenarioInfo): string[] {
  const aggs = aggregatesOf(results, scenario.id);
  const out = [
    `### ${scenario.id}`,
    '',
    `${scenario.description} (${scenarioHeadingFacts(results, scenario)})`,
    '',
    ...gfmTable(COLUMNS, aggs.map((a) => rowCells(results, a)), ALIGN),
  ];
  const reference = referenceLine(results, scenario.id);
  if (reference) out.push('', reference);
  const summary = scenarioSummary(results, scenario.id);
  if (summary) {
    const { head, rows } = summaryLines(summary);
    out.push('', ...head.map((h) => `**${h.replace(/: /, ':** ')}`).map((h, i) => (i === 0 ? `${h}  ` : h)));
    out.push('', ...gfmTable(['strategy', 'throughput vs the most', 'connections in a case'], rows, ['left', 'right', 'right']));
  }
  const errors = aggs.map((a) => (describeErrors(a) ? `- ${a.strategy}: ${describeErrors(a)}` : '')).filter((l) => l !== '');
  if (errors.length > 0) out.push('', ...errors);
  const groups = verdictGroups(results, scenario.id);
  if (groups.length > 0) {
    out.push('', 'Verdicts (numbers are ranges over the repetitions a rule fired in):', '');
    const printed = new Set<string>();
    for (const g of groups) {
      out.push(`- ${SEVERITY_MARK[g.severity]} **${g.strategy}** ${inlineCode(g.rule)} (${repList(g.reps)} of ${g.planned}${g.mixed ? `; ${g.mixed}` : ''}): ${g.message}`);
      for (const fix of g.fixes) {
        out.push(printed.has(fix) ? '  - fix: as above' : `  - fix: ${inlineCode(fix)}`);
        printed.add(fix);
      }
    }
  }
  return out;
}
