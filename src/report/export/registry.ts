/**
 * The exporters, one per format (hyperfine's --export-* habit): each a pure
 * render(results) → string and the file it goes to, given the flag's value. The
 * github-benchmark flag feeds two exporters, one per direction (github-benchmark.ts).
 */
import type { Results } from '../../results.js';
import { renderMarkdownSummary } from '../markdown-summary.js';
import { renderBmf } from './bmf.js';
import { renderCsv } from './csv.js';
import { biggerFile, renderGithubBenchmark } from './github-benchmark.js';

export type ExportFlag = 'export-csv' | 'export-markdown' | 'export-github-benchmark' | 'export-bmf';

export interface Exporter {
  flag: ExportFlag;
  /** The path this exporter writes, from the flag's value. */
  file: (given: string) => string;
  render: (results: Results) => string;
}

const same = (given: string): string => given;

export const exporters: readonly Exporter[] = [
  { flag: 'export-csv', file: same, render: renderCsv },
  { flag: 'export-markdown', file: same, render: renderMarkdownSummary },
  { flag: 'export-github-benchmark', file: same, render: renderGithubBenchmark('smaller') },
  { flag: 'export-github-benchmark', file: biggerFile, render: renderGithubBenchmark('bigger') },
  { flag: 'export-bmf', file: same, render: renderBmf },
];

export const EXPORT_FLAGS: readonly ExportFlag[] = [...new Set(exporters.map((e) => e.flag))];

export interface ExportRequest {
  flag: ExportFlag;
  file: string;
}

/** Every file the requests produce: path and content. */
export function exportFiles(requests: readonly ExportRequest[], results: Results): Array<{ path: string; content: string }> {
  return requests.flatMap((request) =>
    exporters.filter((e) => e.flag === request.flag).map((e) => ({ path: e.file(request.file), content: e.render(results) })),
  );
}

/** The files the requests will write, without rendering anything (checked before measuring). */
export function exportPaths(requests: readonly ExportRequest[]): Array<{ flag: ExportFlag; path: string }> {
  return requests.flatMap((request) => exporters.filter((e) => e.flag === request.flag).map((e) => ({ flag: request.flag, path: e.file(request.file) })));
}
