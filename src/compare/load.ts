/**
 * Reads a results file given on the command line. A wrong path is a usage error (exit 2);
 * a file that is there but is not a muxbench results file of this schema is a failed
 * run (exit 1). Either way the message names the file and what to do.
 */
import { readFile } from 'node:fs/promises';
import { RunError, UsageError } from '../errors.js';
import { SCHEMA_VERSION, type Results } from '../results.js';

export async function readResultsFile(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new UsageError(`cannot read results file ${file}: ${why}; pass a .json written by 'muxbench run'`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RunError('MUXBENCH_BAD_RESULTS', `${file} is not JSON (${(error as Error).message}); pass a .json written by 'muxbench run'`, { cause: error });
  }
  return checkResults(file, data);
}

function checkResults(file: string, data: unknown): Results {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RunError('MUXBENCH_BAD_RESULTS', `${file} is not a muxbench results file (not a JSON object)`);
  }
  const r = data as Record<string, unknown>;
  if (r.schemaVersion !== SCHEMA_VERSION) {
    throw new RunError(
      'MUXBENCH_SCHEMA',
      `${file} has schemaVersion ${JSON.stringify(r.schemaVersion ?? null)}, this muxbench reads ${SCHEMA_VERSION}; re-run the baseline with this version`,
    );
  }
  for (const key of ['runs', 'aggregates', 'scenarios', 'strategies'] as const) {
    if (!Array.isArray(r[key])) throw new RunError('MUXBENCH_BAD_RESULTS', `${file} has no '${key}' list; is it a muxbench results file?`);
  }
  if (typeof r.environment !== 'object' || r.environment === null) {
    throw new RunError('MUXBENCH_BAD_RESULTS', `${file} has no 'environment'; is it a muxbench results file?`);
  }
  return data as Results;
}
