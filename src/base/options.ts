/**
 * --base-ref / --base-dir: the previous version of the run's strategy files, measured in
 * the same run, interleaved and paired by repetition (docs/release-gate.md, "Old against
 * new in one run"). Only the choice is checked here; src/base/materialise.ts finds the
 * files before anything is measured.
 */
import { UsageError } from '../errors.js';

/** Where the previous client comes from: a git ref of the strategy file's repository, or a directory holding a copy of it. */
export type BaseChoice = { kind: 'ref'; ref: string } | { kind: 'dir'; dir: string };

export function baseConfig(values: {
  'base-ref'?: string | undefined;
  'base-dir'?: string | undefined;
  'strategy-file'?: string[] | undefined;
  compare?: string | undefined;
}): BaseChoice | undefined {
  const ref = values['base-ref'];
  const dir = values['base-dir'];
  if (ref === undefined && dir === undefined) return undefined;
  if (ref !== undefined && dir !== undefined) throw new UsageError('--base-ref and --base-dir both name the previous client: give one');
  const flag = ref !== undefined ? '--base-ref' : '--base-dir';
  if ((values['strategy-file'] ?? []).length === 0) {
    throw new UsageError(`${flag} measures the previous version of a strategy file: add --strategy-file bench/client.mjs`);
  }
  if (values.compare !== undefined) {
    throw new UsageError(`${flag} and --compare are two baselines: compare against the previous client in this run (${flag}) or against a results file (--compare), not both`);
  }
  if (ref !== undefined) {
    // A value starting with '-' would reach git as an option.
    if (ref.trim() === '' || ref.startsWith('-')) throw new UsageError(`--base-ref needs a git ref: a tag, branch or commit such as v1.4.0, got '${ref}'`);
    return { kind: 'ref', ref: ref.trim() };
  }
  if (dir!.trim() === '') throw new UsageError('--base-dir needs a directory: a copy of the repository at the previous release');
  return { kind: 'dir', dir: dir! };
}
