/**
 * The runtime × library matrix: per scenario, rows are strategies and columns variants
 * (--node × --with), each cell the connections cold/warm, TLS handshakes full/resumed,
 * peak streams and protocol, and throughput ± spread. Only when the run has more than
 * one variant. Pure: results in, text out, for the terminal, Markdown and HTML alike.
 */
import Table from 'cli-table3';
import { NATIVE_RUNTIME_ID, type Aggregate, type Results, type ScenarioInfo } from '../results.js';
import { fmtMeanSpread, fmtRange, fmtRate, protocolLabel } from './format.js';
import { gfmTable } from './gfm.js';
import { measuredLines } from './runtimes.js';

export interface MatrixScenario {
  scenario: ScenarioInfo;
  /** Variant ids, in column order. */
  columns: string[];
  rows: Array<{ strategy: string; cells: string[][] }>;
}

/** Variant ids of the run in column order: the planned variants, else those the runs carry. */
export function variantIds(results: Results): string[] {
  if (results.variants !== undefined) return results.variants.map((v) => v.id);
  return [...new Set(results.runs.map((r) => r.runtime?.id).filter((id) => id !== NATIVE_RUNTIME_ID).filter((id) => id !== undefined))];
}

/** One cell as lines: conns, TLS, peak + protocol, throughput. */
export function matrixCell(agg: Aggregate | undefined, skipReason?: string, serverCounted = false): string[] {
  if (agg === undefined) return ['not run'];
  if (agg.repetitions === 0) return [skipReason !== undefined ? 'skipped' : 'no result'];
  const c = agg.connections;
  const rate = agg.repetitions > 1 ? fmtMeanSpread(agg.throughputRps.mean, agg.throughputRps.stdev, fmtRate) : fmtRate(agg.throughputRps.mean);
  const errors = agg.requests.failed > 0 ? [`${agg.requests.failed} errors`] : [];
  return [
    `conns ${fmtRange(c.cold.min, c.cold.max)}/${fmtRange(c.warm.min, c.warm.max)}`,
    `TLS ${fmtRange(c.tlsFull.min, c.tlsFull.max)}/${fmtRange(c.tlsResumed.min, c.tlsResumed.max)}`,
    `peak ${c.maxConcurrentStreams} ${protocolLabel(c.protocol)}`,
    `${rate} req/s`,
    ...errors,
    // Bun and Deno: no client-side tap there, the counts above are the server's.
    ...(serverCounted ? ['counted by server'] : []),
  ];
}

export function matrixScenarios(results: Results): MatrixScenario[] {
  const columns = variantIds(results);
  if (columns.length < 2) return [];
  // Rows that ran on a runtime: the native reference (h2load) belongs to no column.
  const strategies = results.strategies.map((s) => s.id).filter((id) => results.runs.some((r) => r.strategy === id && r.runtime?.id !== NATIVE_RUNTIME_ID));
  return results.scenarios.flatMap((scenario) => {
    const rows = strategies
      .filter((strategy) => results.aggregates.some((a) => a.scenario === scenario.id && a.strategy === strategy))
      .map((strategy) => ({
        strategy,
        cells: columns.map((id) => {
          const agg = results.aggregates.find((a) => a.scenario === scenario.id && a.strategy === strategy && a.runtime === id);
          const skipped = results.runs.find((r) => r.scenario === scenario.id && r.strategy === strategy && r.runtime?.id === id && r.status === 'skipped');
          const harness = results.runs.some((r) => r.scenario === scenario.id && r.strategy === strategy && r.runtime?.id === id && r.harness !== undefined);
          return matrixCell(agg, skipped?.skipReason, harness && agg !== undefined && agg.repetitions > 0);
        }),
      }));
    return rows.length > 0 ? [{ scenario, columns, rows }] : [];
  });
}

export const MATRIX_LEGEND =
  'cells: conns cold/warm · TLS full/resumed · peak streams/conn and protocol · throughput (mean ± stdev over repetitions)';


export function renderMatrixText(results: Results): string {
  const blocks = matrixScenarios(results).map(({ scenario, columns, rows }) => {
    const table = new Table({ head: ['strategy', ...columns], style: { compact: false, head: [], border: [] } });
    for (const row of rows) table.push([row.strategy, ...row.cells.map((lines) => lines.join('\n'))]);
    return `matrix — ${scenario.id}\n${table.toString()}`;
  });
  if (blocks.length === 0) return '';
  return `${[...blocks, [MATRIX_LEGEND, ...measuredLines(results)].join('\n')].join('\n\n')}\n`;
}

export function renderMatrixMarkdown(results: Results): string[] {
  const scenarios = matrixScenarios(results);
  if (scenarios.length === 0) return [];
  const out: string[] = ['## Runtime × library matrix', '', MATRIX_LEGEND, '', ...measuredLines(results).map((l) => `- ${l}`)];
  for (const { scenario, columns, rows } of scenarios) {
    out.push('', `### ${scenario.id}`, '');
    out.push(...gfmTable(['strategy', ...columns], rows.map((r) => [r.strategy, ...r.cells.map((lines) => lines.join(' · '))])));
  }
  return out;
}
