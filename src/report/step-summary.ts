/**
 * GitHub Actions' job summary: when `$GITHUB_STEP_SUMMARY` names a file (the runner sets
 * it for every step), the Markdown summary is appended to it, so the run's tables,
 * verdicts, thresholds and comparison show on the workflow's page. Appended, not
 * written: other steps of the job add their own parts to the same file.
 */
import { appendFile } from 'node:fs/promises';
import type { Results } from '../results.js';
import { renderMarkdownSummary } from './markdown-summary.js';

/** Appends the summary when the variable is set and not empty; returns the file, or undefined when it is not set. */
export async function appendStepSummary(results: Results, env: Record<string, string | undefined>): Promise<string | undefined> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file.trim() === '') return undefined;
  await appendFile(file, `${renderMarkdownSummary(results)}\n`, 'utf8');
  return file;
}
