/**
 * The terminal report: per scenario a heading, a cli-table3 table of the aggregates,
 * the describe sentences and the warn/fail verdicts; then one footer with what a
 * reviewer needs to trust the numbers (environment, target, command).
 */
import Table from 'cli-table3';
import type { Results, ScenarioInfo } from '../results.js';
import { PHASE_ALIGN, PHASE_COLUMNS, PHASE_LEGEND, phaseCells, phaseRows } from './phases.js';
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
  type Note,
} from './rows.js';
import { referenceLine, serverLine } from './reference.js';
import { machineLine, measuredLines, muxbenchLine } from './runtimes.js';
import { errorStackLines } from './describe.js';
import { calibrationLine, rttCostLine } from '../costs/summary.js';

export interface TableOptions {
  /** ANSI colours; off by default so output is stable in files, CI logs and snapshots. */
  color?: boolean;
}

export const ANSI = { bold: '\u001b[1m', red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', reset: '\u001b[0m' };

export function renderTable(results: Results, opts: TableOptions = {}): string {
  const color = opts.color ?? false;
  const paint = (code: string, text: string): string => (color ? `${code}${text}${ANSI.reset}` : text);
  const blocks = results.scenarios.map((scenario) => renderScenario(results, scenario, color, paint));
  const footer = [...LEGEND.map((line) => paint(ANSI.dim, line)), ...provenanceLines(results)];
  return `${[...blocks, footer.join('\n')].join('\n\n')}\n`;
}

/** What a reviewer needs to trust the numbers: the measured runtimes first, then machine, target, server, reference, time, command, and last muxbench's own process. */
export function provenanceLines(results: Results): string[] {
  return [
    ...measuredLines(results).map((line) => `measured on: ${line}`),
    `machine:     ${machineLine(results.environment)}`,
    `target:      ${targetLine(results)}`,
    ...(serverLine(results) ? [`server:      ${serverLine(results)}`] : []),
    ...(calibrationLine(results.target.costs) ? [`costs:       ${calibrationLine(results.target.costs) ?? ''}`] : []),
    ...(rttCostLine(results) ? [`at RTT:      ${rttCostLine(results) ?? ''}`] : []),
    ...(results.reference ? [`reference:   h2load ${results.reference.version ?? '(not installed)'}: ${results.reference.note}`] : []),
    `started:     ${results.startedAt}${results.finishedAt ? `, finished ${results.finishedAt}` : ' (unfinished)'}`,
    `command:     ${results.command}`,
    muxbenchLine(results.environment),
  ];
}

export type Paint = (code: string, text: string) => string;

/** The aggregate table of one scenario (shared with the default, one-screen output in terminal.ts). */
export function aggregateTable(results: Results, scenario: ScenarioInfo, color: boolean): string {
  const table = new Table({
    // Two-line headers ("p50" over "[ms]") keep the table inside a 140-column terminal.
    head: COLUMNS.map((name) => name.replace(' ', '\n')),
    colAligns: [...ALIGN],
    // Empty style arrays = no ANSI codes at all (cli-table3 colours by default).
    // compact: no rule between rows; three to ten rows read fine without them.
    style: { compact: true, ...(color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] }) },
  });
  for (const agg of aggregatesOf(results, scenario.id)) table.push(rowCells(results, agg));
  return table.toString();
}

/** "seed — description" over "(concurrency 3, …)". */
export function scenarioHeading(results: Results, scenario: ScenarioInfo, paint: Paint): string {
  return [
    paint(ANSI.bold, `${scenario.id} — ${scenario.description}`),
    `(${scenarioHeadingFacts(results, scenario)})`,
  ].join('\n');
}

function renderScenario(results: Results, scenario: ScenarioInfo, color: boolean, paint: Paint): string {
  const heading = scenarioHeading(results, scenario, paint);
  const reference = referenceLine(results, scenario.id);
  const lines = [heading, aggregateTable(results, scenario, color), ...(reference ? [`  ${reference}`] : []), ...describeLines(results, scenario).map((line) => `  ${line}`)];
  const notes = notesOf(results, scenario.id).map((note) => renderNote(note, paint));
  // --debug: the first stack of each error code, under the sentences that name the codes.
  const stacks = aggregatesOf(results, scenario.id).flatMap((agg) => errorStackLines(agg).map((line) => `    ${line}`));
  return [...lines, ...stacks, ...notes, ...renderPhases(results, scenario, color)].join('\n');
}

/** The phase table of one scenario with its heading and legend; empty when no run carries phases. */
export function renderPhases(results: Results, scenario: ScenarioInfo, color: boolean): string[] {
  const rows = phaseRows(results, scenario.id);
  if (rows.length === 0) return [];
  const table = new Table({
    head: PHASE_COLUMNS.map((name, i) => (i < 2 || i === 6 ? name.replace(': ', ':\n') : name.replace(' [ms]', '\np50/p99 [ms]'))),
    colAligns: [...PHASE_ALIGN],
    style: { compact: true, ...(color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] }) },
  });
  // p50 over p99 in each timing cell keeps the table inside a 140-column terminal.
  for (const row of rows) table.push(phaseCells(row, '\n'));
  return [`phases — ${scenario.id}`, table.toString(), `  ${PHASE_LEGEND}`];
}

function renderNote(note: Note, paint: Paint): string {
  const tone = note.severity === 'fail' ? ANSI.red : note.severity === 'warn' ? ANSI.yellow : ANSI.dim;
  const mark = paint(tone, SEVERITY_MARK[note.severity]);
  const first = `  ${mark} ${note.subject}: ${note.message}`;
  return note.fix ? `${first}\n      fix: ${note.fix}` : first;
}
