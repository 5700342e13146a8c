/**
 * `muxbench run` as four steps (hyperfine's options → scheduler → exporters): check
 * everything (prepareRun), measure (measure, writing the results files through the one
 * writer handed to it), decide (finishRun: comparison, thresholds, the exit code), and
 * emit the outputs. The API's run() and the CLI both come through here.
 */
import type { RunConfig } from '../config.js';
import type { Results } from '../results.js';
import { finishRun, type RunVerdict } from '../pipeline/finish.js';
import { measure, type MeasureHooks, type RunIo } from '../pipeline/measure.js';
import { emit, RUN_OUTPUTS, type Output } from '../pipeline/outputs.js';
import { resultsWriter } from '../pipeline/persist.js';
import { prepareRun } from '../pipeline/prepare.js';

export type { RunIo } from '../pipeline/measure.js';
export type { RunVerdict } from '../pipeline/finish.js';
export { interruptExitCode } from '../pipeline/measure.js';

/** What verify and trace add to a run: their own list of outputs instead of the table, and the traces. */
export interface RunHooks extends MeasureHooks {
  /** What the run prints and writes (default RUN_OUTPUTS, src/pipeline/outputs.ts). */
  outputs?: readonly Output[];
}

/** The results, and what the run decided: the exit code the CLI exits with and why. */
export type RunOutcome = Results & { verdict: RunVerdict };

export async function runCommand(config: RunConfig, io: RunIo, hooks: RunHooks = {}): Promise<RunOutcome> {
  const prepared = await prepareRun(config);
  const files = config.outDir !== undefined ? resultsWriter(config.outDir) : undefined;
  const results = await measure(prepared, files?.persist, io, hooks);
  const verdict = finishRun(results, config, prepared.baseline, files?.json);
  // The interruption is said first, on its own line below the progress bar; the gate's reasons come last.
  if (results.interrupted) for (const line of verdict.messages) io.stderr(`\n${line}\n`);
  await emit(results, hooks.outputs ?? RUN_OUTPUTS, { config, io, files });
  if (!results.interrupted) for (const line of verdict.messages) io.stderr(`${line}\n`);
  return Object.assign(results, { verdict });
}
