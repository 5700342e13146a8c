/** `muxbench report RESULTS.json --html OUT.html [--md OUT.md]`: render a results file again. */
import { readResultsFile } from '../compare/load.js';
import { renderHtml } from '../report/html/render.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeFileAtomic } from '../report/write.js';

export interface ReportConfig {
  file: string;
  html: string | undefined;
  md: string | undefined;
}

export async function reportCommand(config: ReportConfig, io: { stdout: (text: string) => void }): Promise<number> {
  const results = await readResultsFile(config.file);
  if (config.html !== undefined) {
    await writeFileAtomic(config.html, renderHtml(results));
    io.stdout(`html report: ${config.html}\n`);
  }
  if (config.md !== undefined) {
    await writeFileAtomic(config.md, renderMarkdown(results));
    io.stdout(`markdown report: ${config.md}\n`);
  }
  return 0;
}
