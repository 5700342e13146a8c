/**
 * The first screen of the HTML report: what a reviewer cites. What the cases were
 * measured on, then one table with a block per scenario (counts, p50/p99/throughput
 * with their spread, errors, and each row's verdicts by rule), then the verdicts once
 * per strategy × rule with their fixes. Everything else (sentences, every repetition's
 * verdicts, phases, charts) follows below it, in render.ts.
 *
 * Sized so a default run (3 scenarios × 10 rows) keeps its whole table inside a
 * 1280 × 800 window: one table rather than one per scenario, no max column (it stays in
 * the detail tables), rule names only in the verdict cells (messages come next).
 */
import type { Results, ScenarioInfo } from '../../results.js';
import { COLUMNS, SEVERITY_MARK, aggregatesOf, rowCells, scenarioHeadingFacts, strategyLabel } from '../rows.js';
import { describeErrors } from '../describe.js';
import { measuredLines } from '../runtimes.js';
import { SWEEP } from '../sweep.js';
import { repList, verdictGroups, type VerdictGroup } from '../verdict-groups.js';
import { esc } from './svg.js';

/** The detail tables' columns without max: the summary's headline numbers. */
const MAX = COLUMNS.indexOf('max [ms]');
export const SUMMARY_COLUMNS = [...COLUMNS.filter((_, i) => i !== MAX), 'verdicts'];

export const SUMMARY_STYLE = `
.measured{font-size:14px;margin:4px 0}.measured ul{margin:2px 0;padding-left:20px}
p.meta{color:#555;font-size:12.5px;margin:2px 0 8px}
table.summary{font-size:12.5px;line-height:1.3;margin:4px 0;width:100%}table.summary td,table.summary th{padding:0 6px}
table.summary td{white-space:nowrap}table.summary td.v{white-space:normal}table.summary td.v span{white-space:nowrap;margin-right:8px}
table.summary tbody tr:nth-child(odd):not(.scenario){background:#fafafa}table.summary tr.scenario th{background:#e8eef6;font-weight:600}table.summary tr.scenario .facts{font-weight:400;color:#444}
table.summary td.v{font-size:12px}.fail{color:#b3261e}.warn-v{color:#8a5a00}.skip{color:#666}.okv{color:#2e7d32}
ul.verdicts{margin:4px 0 10px;padding-left:18px;font-size:13px}ul.verdicts li{margin:2px 0}
ul.verdicts .fix{color:#444;font-size:12px;margin-left:12px}h3.v{font-size:14px;margin:10px 0 2px}#summary h2{margin-top:16px}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}`;

const LEGEND =
  'conns cold/warm: TCP connections opened in the first round / in all later rounds; TLS full/resumed likewise; peak streams/conn: most requests in flight on one connection; ' +
  'p50, p99: latency of the rounds after the cold one; p50, p99, throughput: mean ± sample stdev over repetitions; verdicts: rules that warned (⚠) or failed (✗), and in which repetitions when not all.';

const TONE: Record<VerdictGroup['severity'], string> = { fail: 'fail', warn: 'warn-v', skip: 'skip' };

/** "Measured on node26: Node 26.10.0, undici 8.14.0, …": one line per runtime, before anything else. */
export function measuredBlock(results: Results): string {
  const lines = measuredLines(results);
  if (lines.length === 0) return '';
  if (lines.length === 1) return `<p class="measured"><b>Measured on</b> ${esc(lines[0] ?? '')}</p>`;
  return `<div class="measured"><b>Measured on</b><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></div>`;
}

/** The scenarios the summary lists: the sweep has its own section (7 scenarios would fill the screen). */
export const summaryScenarios = (results: Results): ScenarioInfo[] => results.scenarios.filter((s) => s.group !== SWEEP && aggregatesOf(results, s.id).length > 0);

function verdictCell(groups: readonly VerdictGroup[], judged: boolean): string {
  if (groups.length === 0) return judged ? '<span class="okv" title="no rule warned or failed">✓</span>' : '';
  return groups
    .map((g) => {
      const reps = g.reps.length < g.planned ? ` (${repList(g.reps)})` : '';
      return `<span class="${TONE[g.severity]}">${esc(`${SEVERITY_MARK[g.severity]} ${g.rule}${reps}`)}</span>`;
    })
    .join(' ');
}

function scenarioRows(results: Results, scenario: ScenarioInfo): string {
  const groups = verdictGroups(results, scenario.id);
  const head = `<tr class="scenario"><th colspan="${SUMMARY_COLUMNS.length}"><a href="#scenario-${esc(scenario.id)}">${esc(scenario.id)}</a> — ${esc(scenario.description)} <span class="facts">(${esc(scenarioHeadingFacts(results, scenario))})</span></th></tr>`;
  const rows = aggregatesOf(results, scenario.id).map((agg) => {
    const label = strategyLabel(results, agg.strategy, agg.runtime);
    const judged = results.runs.some((r) => r.scenario === scenario.id && r.strategy === agg.strategy && r.runtime?.id === agg.runtime && r.verdicts.length > 0);
    const cells = rowCells(results, agg).filter((_, i) => i !== MAX);
    const tds = cells.map((c, i) => `<td${i >= 2 ? ' class="num"' : ''}>${esc(c)}</td>`).join('');
    return `<tr>${tds}<td class="v">${verdictCell(groups.filter((g) => g.strategy === label), judged)}</td></tr>`;
  });
  return `<tbody id="summary-${esc(scenario.id)}">${head}${rows.join('')}</tbody>`;
}

/** The verdicts of every scenario, once per strategy × rule, each fix printed once per scenario. */
function verdictList(results: Results, scenarios: readonly ScenarioInfo[]): string {
  const blocks = scenarios.flatMap((scenario) => {
    const groups = verdictGroups(results, scenario.id);
    const errors = aggregatesOf(results, scenario.id)
      .map((a) => ({ label: strategyLabel(results, a.strategy, a.runtime), text: describeErrors(a) }))
      .filter((e) => e.text !== '');
    if (groups.length === 0 && errors.length === 0) return [];
    const printed = new Map<string, VerdictGroup>();
    const items = groups.map((g) => {
      const notes = [g.mixed, g.merged ? '' : 'repetitions worded it differently, the first is shown'].filter((n) => n !== '');
      const fixes = g.fixes.map((fix) => {
        const first = printed.get(fix);
        if (first === undefined) printed.set(fix, g);
        return `<div class="fix">fix: ${esc(first === undefined ? fix : `as for ${first.strategy} ${first.rule} above`)}</div>`;
      });
      return `<li class="${TONE[g.severity]}-item"><span class="${TONE[g.severity]}">${SEVERITY_MARK[g.severity]}</span> <b>${esc(g.strategy)}</b> <code>${esc(g.rule)}</code> (${esc(`${repList(g.reps)} of ${g.planned}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`)}): ${esc(g.message)}${fixes.join('')}</li>`;
    });
    const errorItems = errors.map((e) => `<li>errors: <b>${esc(e.label)}</b>: ${esc(e.text)}</li>`);
    return [`<h3 class="v" id="verdicts-${esc(scenario.id)}">${esc(scenario.id)}</h3><ul class="verdicts">${[...errorItems, ...items].join('')}</ul>`];
  });
  if (blocks.length === 0) return '';
  return `<h2 id="verdicts">Verdicts and errors</h2><p class="meta">One line per strategy × rule; its numbers are ranges over the repetitions it fired in; each fix is printed once per scenario.</p>${blocks.join('\n')}`;
}

export function summarySection(results: Results): string {
  const scenarios = summaryScenarios(results);
  const sweep = results.scenarios.some((s) => s.group === SWEEP) ? '<p class="meta">The concurrency sweep is charted <a href="#sweep">below</a>.</p>' : '';
  if (scenarios.length === 0) return sweep;
  const th = SUMMARY_COLUMNS.map((h) => `<th>${esc(h)}</th>`).join('');
  return [
    '<section id="summary">',
    `<table class="summary"><thead><tr>${th}</tr></thead>${scenarios.map((s) => scenarioRows(results, s)).join('')}</table>`,
    `<p class="meta">${esc(LEGEND)}</p>`,
    sweep,
    verdictList(results, scenarios),
    '</section>',
  ].join('\n');
}
