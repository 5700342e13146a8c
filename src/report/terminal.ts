/**
 * The default terminal output: one screen per scenario. Per scenario the table, the
 * hyperfine-style summary (summary.ts), failed-request codes, and the verdicts grouped
 * one line per strategy × rule with each fix printed once (verdict-groups.ts). The
 * per-strategy sentences, every repetition's own verdict and the phase tables are in
 * the JSON and Markdown; `--phases` adds the phase tables here, `--verbose` prints the
 * full detail of table.ts instead.
 */
import type { Results, ScenarioInfo } from '../results.js';
import { describeErrors, errorStackLines } from './describe.js';
import { LEGEND, SEVERITY_MARK, aggregatesOf } from './rows.js';
import { referenceLine } from './reference.js';
import { LIFETIME_COLUMNS, lifetimeHead, lifetimeRows } from './lifetime-rows.js';
import { costLines } from '../costs/summary.js';
import { scenarioSummary, summaryLines } from './summary.js';
import { ANSI, aggregateTable, provenanceLines, renderPhases, renderTable, scenarioHeading, type Paint } from './table.js';
import { repList, verdictGroups, type VerdictGroup } from './verdict-groups.js';

export interface TerminalOptions {
  color?: boolean;
  /** Add the phase tables. */
  phases?: boolean;
  /** Today's full detail (table.ts) instead of one screen per scenario. */
  verbose?: boolean;
  /** Prose is wrapped to this many columns (default 140, the width the default table needs); the tables are as wide as they are. */
  width?: number;
}

export const DEFAULT_WIDTH = 140;

export function renderTerminal(results: Results, opts: TerminalOptions = {}): string {
  const color = opts.color ?? false;
  if (opts.verbose) return renderTable(results, { color });
  const paint: Paint = (code, text) => (color ? `${code}${text}${ANSI.reset}` : text);
  const width = opts.width ?? DEFAULT_WIDTH;
  const blocks = results.scenarios.map((scenario) => renderScenario(results, scenario, { color, paint, width, phases: opts.phases ?? false }));
  const footer = [
    ...LEGEND.map((line) => paint(ANSI.dim, line)),
    paint(ANSI.dim, 'summary: each other strategy\'s throughput relative to the most (± propagated from the stdevs), and the TCP connections it opened in a case (cold + warm rounds).'),
    paint(ANSI.dim, 'verdicts: one line per strategy × rule; the numbers in it are ranges over the repetitions it fired in; each fix is printed once per scenario.'),
    paint(ANSI.dim, 'More: --verbose (a sentence per strategy, every repetition\'s verdicts), --phases (where the time went); both always in the .md and .json.'),
    ...provenanceLines(results),
  ];
  return `${[...blocks, footer.join('\n')].join('\n\n')}\n`;
}

interface Ctx {
  color: boolean;
  paint: Paint;
  width: number;
  phases: boolean;
}

function renderScenario(results: Results, scenario: ScenarioInfo, ctx: Ctx): string {
  const lines = [scenarioHeading(results, scenario, ctx.paint), aggregateTable(results, scenario, ctx.color)];
  const reference = referenceLine(results, scenario.id);
  if (reference) lines.push(...wrap(reference, ctx.width, '  ', '    '));
  lines.push(...summaryBlock(results, scenario.id, ctx.width));
  lines.push(...costLines(results, scenario.id).flatMap((line) => wrap(line, ctx.width, line.startsWith('  ') ? '  ' : '', '      ')));
  for (const agg of aggregatesOf(results, scenario.id)) {
    const errors = describeErrors(agg);
    if (errors) lines.push(...wrap(`errors: ${agg.strategy}: ${errors}`, ctx.width, '  ', '    '));
    lines.push(...errorStackLines(agg).map((line) => `    ${line}`));
  }
  if (scenario.lifetime !== undefined) lines.push(...lifetimeBlock(results, ctx.width));
  lines.push(...verdictBlock(verdictGroups(results, scenario.id), ctx));
  if (ctx.phases) lines.push(...renderPhases(results, scenario, ctx.color));
  return lines.join('\n');
}

function summaryBlock(results: Results, scenarioId: string, width: number): string[] {
  const summary = scenarioSummary(results, scenarioId);
  if (!summary) return [];
  const { head, rows } = summaryLines(summary);
  const name = Math.max(...rows.map((r) => (r[0] ?? '').length));
  const ratio = Math.max(...rows.map((r) => (r[1] ?? '').length));
  return [
    ...head.flatMap((line, i) => wrap(i === 0 ? `summary — ${line}` : line, width, i === 0 ? '' : '  ', '    ')),
    ...rows.map(([id = '', r = '', conns = '']) => `    ${id.padEnd(name)}  ${r.padStart(ratio)}  ${conns}`.trimEnd()),
  ];
}

/** The lifetime scenario's server-side counts, one line per case, under its table. */
function lifetimeBlock(results: Results, width: number): string[] {
  const rows = lifetimeRows(results);
  if (rows.length === 0) return [];
  const head = [...LIFETIME_COLUMNS];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const left = new Set([0, 4, 9]);
  const line = (cells: readonly string[]): string =>
    `    ${cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [...wrap(`lifetime (server's count) — ${lifetimeHead(results) ?? ''}`, width, '', '    '), line(head), ...rows.map(line)];
}

function verdictBlock(groups: VerdictGroup[], ctx: Ctx): string[] {
  if (groups.length === 0) return [];
  const out: string[] = [];
  const printed = new Map<string, number>();
  for (const g of groups) {
    const tone = g.severity === 'fail' ? ANSI.red : g.severity === 'warn' ? ANSI.yellow : ANSI.dim;
    const mark = ctx.paint(tone, SEVERITY_MARK[g.severity]);
    const reps = `${repList(g.reps)} of ${g.planned}`;
    const notes = [g.mixed, g.merged ? '' : 'repetitions worded it differently, the first is shown'].filter((n) => n !== '');
    const text = `${g.strategy} ${g.rule} (${reps}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}): ${g.message}`;
    out.push(...wrap(text, ctx.width, `  ${mark} `, '      ', 4));
    for (const fix of g.fixes) {
      const seen = printed.get(fix);
      if (seen !== undefined) {
        out.push(`      fix: as for ${groups[seen]?.strategy ?? ''} ${groups[seen]?.rule ?? ''} above`);
      } else {
        printed.set(fix, groups.indexOf(g));
        out.push(...wrap(`fix: ${fix}`, ctx.width, '      ', '        '));
      }
    }
  }
  return out;
}

/**
 * Word-wraps `text` to `width` columns: the first line after `first`, the rest after
 * `rest`. `firstWidth` is the visible width of `first` when it carries ANSI codes.
 * A word longer than a line stays whole (a URL or a code snippet must not be cut).
 */
export function wrap(text: string, width: number, first: string, rest: string, firstWidth = first.length): string[] {
  const lines: string[] = [];
  let line = first;
  let visible = firstWidth;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const prefix = empty ? '' : ' ';
    if (!empty && visible + prefix.length + word.length > width) {
      lines.push(line);
      line = rest + word;
      visible = rest.length + word.length;
      continue;
    }
    line += prefix + word;
    visible += prefix.length + word.length;
    empty = false;
  }
  lines.push(line);
  return lines;
}
