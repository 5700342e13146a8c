/**
 * The results file. Keys keep the insertion order of the `Results` object (which
 * JSON.stringify preserves for string keys), so the builder's field order is the file's
 * order and two runs diff line by line. Two-space indent and a final newline keep the
 * committed baseline friendly to git and editors.
 *
 * Two fields are added on the way out: `measuredOn` (the runtimes the cases ran on,
 * derived from the runs) just before `environment`, and `environment.scope: 'muxbench'`,
 * so a reader of the file meets the measured Node and libraries before muxbench's own
 * and cannot take one for the other.
 */
import type { Results } from '../results.js';
import { measuredRuntimes } from './runtimes.js';

/** The results as written: `measuredOn` before `environment`, the environment labelled as muxbench's. */
export function resultsFile(results: Results): Results {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(results)) {
    if (key === 'measuredOn') continue;
    if (key === 'environment') {
      out['measuredOn'] = measuredRuntimes(results);
      const { scope: _, ...env } = results.environment;
      out['environment'] = { scope: 'muxbench', ...env };
    } else {
      out[key] = value;
    }
  }
  return out as unknown as Results;
}

export function renderJson(results: Results): string {
  return `${JSON.stringify(resultsFile(results), null, 2)}\n`;
}
