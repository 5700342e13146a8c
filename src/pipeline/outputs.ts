/**
 * The last step of a run: everything it prints and writes, as one ordered list. Each entry
 * renders with a pure function from src/report/ and puts the text somewhere: stdout, a
 * file, the CI step summary. `muxbench run` emits RUN_OUTPUTS; verify and trace pass their
 * own list (the run's without the table) and print their own report after it.
 */
import type { RunConfig } from '../config.js';
import type { Results } from '../results.js';
import { externalRowsNote } from '../client-cmd/render.js';
import { renderCompareText } from '../report/compare-text.js';
import { exportFiles } from '../report/export/registry.js';
import { renderHtml } from '../report/html/render.js';
import { renderJson } from '../report/json.js';
import { renderMatrixText } from '../report/matrix.js';
import { renderOpenLoopMarkdown } from '../report/open-loop-rows.js';
import { renderPrecisionLines } from '../report/precision.js';
import { appendStepSummary } from '../report/step-summary.js';
import { renderSweepText } from '../report/sweep-markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { writeFileAtomic } from '../report/write.js';
import { thresholdLines } from '../report/thresholds.js';
import type { RunIo } from './measure.js';
import type { ResultsWriter } from './persist.js';

/** What an output may use besides the results: the run's options, where text goes, the results files. */
export interface EmitContext {
  config: RunConfig;
  io: RunIo;
  /** The results files (undefined with --no-write). */
  files: ResultsWriter | undefined;
}

export interface Output {
  id: string;
  /** Only without --json: with it, stdout carries the results JSON and nothing else. */
  text?: boolean;
  /** Also for an interrupted run (most outputs describe a finished one). */
  interrupted?: boolean;
  emit(results: Results, ctx: EmitContext): void | Promise<void>;
}

/** Notes on where things went: to stderr with --json, so stdout stays JSON. */
const say = (ctx: EmitContext, text: string): void => (ctx.config.json ? ctx.io.stderr : ctx.io.stdout)(text);

/** Fields added after the last case (precision, pinning, comparison, thresholds) go into the results files too. */
const resultsFiles: Output = {
  id: 'results-files',
  async emit(results, { files }) {
    const added = results.precision !== undefined || results.provenance?.pinning !== undefined || results.comparison !== undefined || results.thresholds !== undefined || results.base !== undefined;
    if (files && added) await files.persist(results);
  },
};

const htmlFile: Output = {
  id: 'html-file',
  async emit(results, { config }) {
    if (config.html !== undefined) await writeFileAtomic(config.html, renderHtml(results));
  },
};

const json: Output = {
  id: 'json',
  interrupted: true,
  emit(results, { config, io }) {
    if (config.json) io.stdout(renderJson(results));
  },
};

/** The results table and what belongs to it: verify and trace leave these out. */
export const TABLE_OUTPUTS: readonly string[] = ['table', 'matrix', 'external-rows'];

/** A text block printed after a blank line when the results have it. */
function block(id: string, render: (results: Results, ctx: EmitContext) => string | undefined): Output {
  return {
    id,
    text: true,
    emit(results, ctx) {
      const text = render(results, ctx);
      if (text) ctx.io.stdout(`\n${text}`);
    },
  };
}

export const RUN_OUTPUTS: readonly Output[] = [
  resultsFiles,
  htmlFile,
  json,
  {
    id: 'table',
    text: true,
    emit: (results, { config, io }) => io.stdout(renderTerminal(results, { phases: config.output?.phases ?? false, verbose: config.output?.verbose ?? false })),
  },
  block('matrix', (results) => renderMatrixText(results)),
  { id: 'external-rows', text: true, emit: (results, { io }) => io.stdout(externalRowsNote(results)) },
  block('trace-file', (_results, { config }) => (config.traceFile !== undefined ? `trace: ${config.traceFile} (one event per line)\n` : undefined)),
  block('sweep', (results) => renderSweepText(results)),
  block('open-loop', (results) => {
    const lines = renderOpenLoopMarkdown(results);
    return lines.length > 0 ? `${lines.join('\n')}\n` : undefined;
  }),
  block('precision', (results) => (results.precision ? `${renderPrecisionLines(results).join('\n')}\n` : undefined)),
  block('comparison', (results) => (results.comparison ? renderCompareText(results.comparison) : undefined)),
  block('thresholds', (results, { config }) => (results.thresholds ? `${thresholdLines(results.thresholds, config.output?.configFile).join('\n')}\n` : undefined)),
  {
    id: 'exports',
    async emit(results, ctx) {
      for (const file of ctx.config.output ? exportFiles(ctx.config.output.exports, results) : []) {
        await writeFileAtomic(file.path, file.content);
        say(ctx, `export: ${file.path}\n`);
      }
    },
  },
  {
    id: 'step-summary',
    async emit(results, ctx) {
      const stepSummary = await appendStepSummary(results, ctx.io.env ?? process.env);
      if (stepSummary !== undefined) say(ctx, `step summary: appended to ${stepSummary}\n`);
    },
  },
  {
    id: 'results-path',
    emit(_results, ctx) {
      if (ctx.files) say(ctx, `\nresults: ${ctx.files.json} and .md\n`);
    },
  },
  {
    id: 'warnings',
    emit(results, { config, io }) {
      // --quiet keeps stderr for errors; the warning stays in the results file (provenance.warnings).
      if (!config.quiet) for (const warning of results.provenance?.warnings ?? []) io.stderr(`muxbench: ⚠ ${warning}\n`);
    },
  },
  {
    id: 'html-path',
    emit(_results, ctx) {
      if (ctx.config.html !== undefined) say(ctx, `html report: ${ctx.config.html}\n`);
    },
  },
];

/** verify's and trace's list: the run's outputs without the table (they print their own report). */
export const RUN_OUTPUTS_WITHOUT_TABLE: readonly Output[] = RUN_OUTPUTS.filter((o) => !TABLE_OUTPUTS.includes(o.id));

export async function emit(results: Results, outputs: readonly Output[], ctx: EmitContext): Promise<void> {
  for (const output of outputs) {
    if (results.interrupted && !output.interrupted) continue;
    if (ctx.config.json && output.text) continue;
    await output.emit(results, ctx);
  }
}
