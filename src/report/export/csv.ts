/**
 * CSV (RFC 4180): one row per scenario × strategy × runtime × repetition × metric, the
 * runtime variant (`runtime`, e.g. node26) and the Node version its worker ran (`node`,
 * empty for the native h2load reference's "none" and older files) in their own columns,
 * so a matrix run's rows stay apart; the unit in its own column so a spreadsheet or pandas needs no lookup table. Cases that did not
 * measure keep their rows with an empty value and their status, so row counts never
 * depend on what failed. CRLF line ends and quoting as RFC 4180 §2 specifies.
 */
import type { Results } from '../../results.js';
import { METRICS, caseValue } from '../metrics.js';

export const CSV_HEADER = ['scenario', 'strategy', 'runtime', 'node', 'repetition', 'status', 'metric', 'value', 'unit'] as const;

/** A field quoted when it holds a comma, a quote or a line break; inner quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(results: Results): string {
  const rows: string[][] = [[...CSV_HEADER]];
  for (const run of results.runs) {
    for (const metric of METRICS) {
      const value = caseValue(metric, run);
      const node = run.runtime?.node;
      rows.push([
        run.scenario, run.strategy, run.runtime?.id ?? '', node === undefined || node === 'none' ? '' : node,
        String(run.repetition), run.status, metric.id, value === null ? '' : String(value), metric.unit,
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
