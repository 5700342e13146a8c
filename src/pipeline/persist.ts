/**
 * The one place a run's results files are written: the runner calls it after every case (an
 * interrupted run keeps what it measured), and the outputs once more when fields were added
 * after the last case (comparison, thresholds, precision). The runner is handed this
 * function; it does not know where or how results are stored.
 */
import { join } from 'node:path';
import { RunError } from '../errors.js';
import type { PersistResults } from '../run/runner.js';
import { writeResultsFiles } from '../report/write.js';

export interface ResultsWriter {
  /** Where the files go: `<out>/<start time>.json` and `.md`. */
  json: string;
  md: string;
  persist: PersistResults;
}

/** The results files of a run started now, in `outDir`. */
export function resultsWriter(outDir: string, baseName = new Date().toISOString().replace(/[:.]/g, '-')): ResultsWriter {
  return {
    json: join(outDir, `${baseName}.json`),
    md: join(outDir, `${baseName}.md`),
    async persist(results) {
      try {
        return await writeResultsFiles(outDir, baseName, results);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        throw new RunError('MUXBENCH_WRITE', `cannot write the results to ${outDir} (${code}); ${results.runs.length} cases were measured`, { cause: error });
      }
    },
  };
}
