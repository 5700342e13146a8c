/**
 * The results file. Keys keep the insertion order of the `Results` object (which
 * JSON.stringify preserves for string keys), so the builder's field order is the file's
 * order and two runs diff line by line. Two-space indent and a final newline keep the
 * committed baseline friendly to git and editors.
 */
import type { Results } from '../results.js';

export function renderJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
