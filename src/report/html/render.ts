/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, nothing
 * fetched). It opens with what a reviewer cites (summary.ts: the measured runtime, a
 * table of counts and timings per scenario, the verdicts once); below it the comparison,
 * the matrix, per scenario the detail (full table, sentences, charts, with every
 * repetition's verdicts and the phases collapsed), and last how the run was made
 * (target, command, machine, muxbench's own Node). Pure: results in, text out.
 */
import { COMPARE_COLUMNS, compareHeading, compareNotes, compareRows, compareWarnings, scenariosOf } from '../compare-rows.js';
import type { Comparison } from '../../results/comparison.js';
import type { CaseResult, Results, ScenarioInfo } from '../../results.js';
import { meanStdev } from '../../stats/summary.js';
import { COLUMNS, SEVERITY_MARK, aggregatesOf, describeLines, notesOf, rowCells, scenarioHeadingFacts, strategyLabel, targetLine } from '../rows.js';
import { SWEEP, SWEEP_METRICS, sweepSkips, sweepTables, sweepView } from '../sweep.js';
import { barChart, esc, lineChart } from './svg.js';
import { openLoopSection } from './open-loop.js';
import { lifetimeSection } from './lifetime.js';
import { machineLine, measuredLines, muxbenchLine } from '../runtimes.js';
import { referenceLine, serverLine } from '../reference.js';
import { SUMMARY_STYLE, measuredBlock, summarySection } from './summary.js';
import { MATRIX_LEGEND, matrixScenarios } from '../matrix.js';
import { PHASE_COLUMNS, PHASE_LEGEND, phaseCells, phaseRows } from '../phases.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1240px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px}
th{background:#f4f4f4;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{background:#f6f6f6;font-size:12px}pre{padding:8px;white-space:pre-wrap;word-break:break-all}
figure.chart{margin:12px 0}svg{max-width:100%;height:auto;background:#fff}
svg .title{font-weight:600;font-size:14px}svg .tick,svg .legend,svg .label{font-size:11px;fill:#333}
svg .axis{font-size:12px;fill:#333}svg .value{font-size:9px;fill:#555}svg .grid{stroke:#e4e4e4}
.warn{background:#fff6e0;border-left:4px solid #f0b429;padding:6px 10px}
ul.notes li{margin:2px 0}
h1{margin:0 0 2px;font-size:20px}body{margin-top:10px}${SUMMARY_STYLE}`;

function table(head: readonly string[], rows: readonly string[][], numericFrom = 2): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const list = (items: readonly string[], cls = 'notes'): string =>
  items.length ? `<ul class="${cls}">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';

const PERCENTILES = [
  { name: 'p50', pick: (r: CaseResult) => r.latencyMs.p50 },
  { name: 'p90', pick: (r: CaseResult) => r.latencyMs.p90 },
  { name: 'p99', pick: (r: CaseResult) => r.latencyMs.p99 },
  { name: 'p99.9', pick: (r: CaseResult) => r.latencyMs.p999 },
  { name: 'max', pick: (r: CaseResult) => r.latencyMs.max },
];

function scenarioSection(results: Results, scenario: ScenarioInfo): string {
  const aggs = aggregatesOf(results, scenario.id);
  // With several runtime variants a category is `strategy @ variant`.
  const strategies = aggs.map((a) => strategyLabel(results, a.strategy, a.runtime));
  const okRuns = (strategy: string): CaseResult[] =>
    results.runs.filter((r) => r.scenario === scenario.id && strategyLabel(results, r.strategy, r.runtime?.id) === strategy && r.status === 'ok');
  const mean = (strategy: string, pick: (r: CaseResult) => number): number | null => {
    const runs = okRuns(strategy);
    return runs.length ? meanStdev(runs.map(pick)).mean : null;
  };
  const latency = barChart({
    id: `latency-${scenario.id}`,
    title: `${scenario.id}: latency percentiles per strategy (mean over repetitions)`,
    unit: 'latency [ms]',
    categories: strategies,
    series: PERCENTILES.map((p) => ({ name: p.name, values: strategies.map((s) => mean(s, p.pick)) })),
  });
  const counts = barChart({
    id: `connections-${scenario.id}`,
    title: `${scenario.id}: connections and TLS handshakes per strategy (mean over repetitions)`,
    unit: 'count',
    categories: strategies,
    series: [
      { name: 'connections, cold round', values: aggs.map((a) => (a.repetitions ? a.connections.cold.mean : null)) },
      { name: 'connections, warm rounds', values: aggs.map((a) => (a.repetitions ? a.connections.warm.mean : null)) },
      { name: 'full TLS handshakes', values: aggs.map((a) => (a.repetitions ? a.connections.tlsFull.mean : null)) },
      { name: 'resumed TLS handshakes', values: aggs.map((a) => (a.repetitions ? a.connections.tlsResumed.mean : null)) },
    ],
  });
  const notes = notesOf(results, scenario.id).map(
    (n) => `${SEVERITY_MARK[n.severity]} ${n.subject}: ${n.message}${n.fix ? ` — fix: ${n.fix}` : ''}`,
  );
  const reference = referenceLine(results, scenario.id);
  return [
    `<section class="scenario" id="scenario-${esc(scenario.id)}">`,
    `<h2>${esc(scenario.id)}: detail</h2>`,
    `<p>${esc(scenario.description)} (${esc(scenarioHeadingFacts(results, scenario))})</p>`,
    table(COLUMNS, aggs.map((a) => rowCells(results, a))),
    reference ? `<p>${esc(reference)}</p>` : '',
    list(describeLines(results, scenario)),
    collapsed(`Every repetition's verdicts (${notes.length})`, list(notes)),
    collapsed('Phases: connect, TLS, first byte, total', phasesTable(results, scenario.id)),
    latency,
    counts,
    '</section>',
  ].filter((part) => part !== '').join('\n');
}

/** A collapsed block; nothing when it would be empty. */
const collapsed = (title: string, body: string): string => (body === '' ? '' : `<details><summary>${esc(title)}</summary>${body}</details>`);

/** The phase breakdown (the terminal shows it only with --phases; the HTML always, collapsed). */
function phasesTable(results: Results, scenarioId: string): string {
  const rows = phaseRows(results, scenarioId);
  if (rows.length === 0) return '';
  const head = PHASE_COLUMNS.map((name, i) => (i < 2 || i === 6 ? name : name.replace(' [ms]', ' p50 / p99 [ms]')));
  return `${table(head, rows.map((r) => phaseCells(r, ' / ')), 1)}<p>${esc(PHASE_LEGEND)}</p>`;
}

function sweepSection(results: Results): string {
  const view = sweepView(results);
  if (!view) return '';
  const x = view.scenarios.map((s) => s.concurrency);
  const charts = SWEEP_METRICS.map((metric) =>
    lineChart({
      id: `sweep-${metric.id}`,
      title: `sweep: ${metric.title} against concurrency`,
      xLabel: 'concurrency C',
      yLabel: metric.axis,
      x,
      series: view.strategies.map((strategy) => ({
        name: strategy,
        values: view.scenarios.map((s) => {
          const agg = view.at(strategy, s.id);
          return agg ? metric.value(agg) : null;
        }),
      })),
    }),
  );
  const tables = sweepTables(view).map((t) => `<h3>${esc(t.metric.title)}</h3>${table(t.head, t.rows, 1)}`);
  return [
    '<section class="sweep" id="sweep">',
    '<h2>Concurrency sweep</h2>',
    '<p>How each strategy\'s cost grows with load. Points missing from a line were skipped (reasons below).</p>',
    ...charts,
    list(sweepSkips(view)),
    ...tables,
    '</section>',
  ].join('\n');
}

function comparisonSection(comparison: Comparison): string {
  const parts = [`<section class="comparison" id="comparison"><h2>Compared with ${esc(comparison.base.label)}</h2>`, `<p>${esc(compareHeading(comparison))}.</p>`];
  for (const w of compareWarnings(comparison)) parts.push(`<p class="warn">⚠ ${esc(w)}</p>`);
  for (const scenario of scenariosOf(comparison)) {
    parts.push(`<h3>${esc(scenario)}</h3>`, table(COMPARE_COLUMNS, compareRows(comparison, scenario)));
    parts.push(list(compareNotes(comparison, scenario).map((n) => `⚠ ${n}`)));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Runtime × library matrix (more than one variant only): one table per scenario, a cell's lines as <br>. */
function matrixSection(results: Results): string {
  const blocks = matrixScenarios(results).map(({ scenario, columns, rows }) => {
    const th = ['strategy', ...columns].map((h) => `<th>${esc(h)}</th>`).join('');
    const tr = rows
      .map((r) => `<tr><td>${esc(r.strategy)}</td>${r.cells.map((lines) => `<td class="num">${lines.map(esc).join('<br>')}</td>`).join('')}</tr>`)
      .join('');
    return `<h3>${esc(scenario.id)}</h3><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
  });
  if (blocks.length === 0) return '';
  return `<h2>Runtime × library matrix</h2><p>${esc(MATRIX_LEGEND)}</p>${list(measuredLines(results))}${blocks.join('\n')}`;
}

/** How the run was made, last: target, times, command, the machine, and muxbench's own process (not what was measured). */
function runSection(results: Results): string {
  const server = serverLine(results);
  const load = results.provenance?.loadAverage;
  return [
    '<section id="run"><h2>How it ran</h2>',
    list([
      ...measuredLines(results).map((line) => `Measured on ${line}`),
      `Target: ${targetLine(results)}`,
      ...(server ? [`Server: ${server}`] : []),
      ...(results.reference ? [`Reference: h2load ${results.reference.version ?? '(not installed)'}: ${results.reference.note}`] : []),
      `Started ${results.startedAt}, ${results.finishedAt ? `finished ${results.finishedAt}` : 'unfinished'}`,
      `Machine: ${machineLine(results.environment)}${load ? `, load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start` : ''}`,
      `${muxbenchLine(results.environment)} (its own process, not the measured runtime)`,
    ], 'meta'),
    `<p>Reproduce with:</p><pre><code>${esc(results.command)}</code></pre>`,
    '</section>',
  ].join('\n');
}

export function renderHtml(results: Results): string {
  const scenarios = results.scenarios.filter((s) => s.group !== SWEEP);
  const reps = results.runs.length > 0 ? '' : ` · ${results.options.repetitions} repetitions planned`;
  const body = [
    `<h1>${esc(results.tool.name)} ${esc(results.tool.version)} results</h1>`,
    measuredBlock(results),
    `<p class="meta">target ${esc(targetLine(results))} · started ${esc(results.startedAt)}${esc(reps)} · <a href="#verdicts">verdicts</a> · <a href="#run">how it ran</a></p>`,
    summarySection(results),
    results.comparison ? comparisonSection(results.comparison) : '',
    matrixSection(results),
    ...scenarios.map((s) => scenarioSection(results, s)),
    sweepSection(results),
    openLoopSection(results),
    lifetimeSection(results),
    runSection(results),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${results.tool.name} results ${results.startedAt}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.filter((b) => b !== '').join('\n')}
</body>
</html>
`;
}
