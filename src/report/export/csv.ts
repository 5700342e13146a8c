/**
 * CSV (RFC 4180): one row per scenario × strategy × runtime × repetition × metric, the
 * runtime variant (`runtime`, e.g. node26), the Node version its worker ran (`node`) and
 * the measured libraries it loaded (`libraries`, "undici 8.14.0, got 16.1.0, …") in their
 * own columns (empty for the native h2load reference; for older files without runtime
 * records, the Node and libraries of muxbench itself, which is what their workers ran),
 * so a matrix run's rows stay apart; the unit in its own column so a spreadsheet or pandas needs no lookup table. Cases that did not
 * measure keep their rows with an empty value and their status, so row counts never
 * depend on what failed. CRLF line ends and quoting as RFC 4180 §2 specifies.
 */
import { NATIVE_RUNTIME_ID, type Results } from '../../results.js';
import { librariesText, measuredRuntimes, runtimeOf } from '../runtimes.js';
import { METRICS, caseValue } from '../metrics.js';

export const CSV_HEADER = ['scenario', 'strategy', 'runtime', 'node', 'libraries', 'repetition', 'status', 'metric', 'value', 'unit'] as const;

/** A field quoted when it holds a comma, a quote or a line break; inner quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(results: Results): string {
  const rows: string[][] = [[...CSV_HEADER]];
  const runtimes = measuredRuntimes(results);
  for (const run of results.runs) {
    // The worker's own record; a file without one ran on muxbench's Node (runtimeOf's fallback).
    const rt = run.runtime ?? runtimeOf(results, undefined, runtimes);
    const native = rt === undefined || rt.id === NATIVE_RUNTIME_ID;
    for (const metric of METRICS) {
      const value = caseValue(metric, run, results);
      rows.push([
        run.scenario, run.strategy, run.runtime?.id ?? '', native ? '' : rt.node, native ? '' : librariesText(rt.packages),
        String(run.repetition), run.status, metric.id, value === null ? '' : String(value), metric.unit,
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
