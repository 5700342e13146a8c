/** `muxbench merge A.json B.json … -o MERGED.json`: one results file from several hosts' (src/merge/merge.ts). */
import { parseOptions } from '../options/parse-config.js';
import { readResultsFile } from '../compare/load.js';
import { UsageError } from '../errors.js';
import { mergeResults } from '../merge/merge.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeFileAtomic } from '../report/write.js';
import { toolVersion } from '../run/environment.js';

export const mergeOptions = parseOptions('merge');

export interface MergeConfig {
  files: string[];
  out: string | undefined;
  md: string | undefined;
  /** The command line, recorded in the merged file. */
  command: string;
}

export async function mergeCommand(config: MergeConfig, io: { stdout: (text: string) => void }): Promise<number> {
  if (config.files.length < 2) throw new UsageError('merge needs at least two results files: muxbench merge A.json B.json … -o MERGED.json');
  if (config.out === undefined) throw new UsageError('merge needs an output: -o MERGED.json');
  const inputs = [];
  // One after the other: with two bad files the error names the first, every time.
  for (const file of config.files) inputs.push({ file, results: await readResultsFile(file) });
  const merged = mergeResults(inputs, { command: config.command, toolVersion: toolVersion() });
  await writeFileAtomic(config.out, renderJson(merged));
  const requests = merged.runs.reduce((n, r) => n + r.requests.total, 0);
  io.stdout(`merged ${inputs.length} hosts, ${merged.runs.length} cases, ${requests} requests: ${config.out}\n`);
  if (config.md !== undefined) {
    await writeFileAtomic(config.md, renderMarkdown(merged));
    io.stdout(`markdown report: ${config.md}\n`);
  }
  return 0;
}
