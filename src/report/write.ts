/**
 * Writes the JSON and Markdown results next to each other. Called after every case, so
 * each write must be atomic: a reader (or a run killed mid-write) sees either the old
 * file or the new one, never half of one. Write a sibling temp file, then rename it over
 * the target; rename is atomic within one directory on POSIX file systems.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../results.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

let sequence = 0;

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  // pid keeps parallel processes apart; the sequence keeps overlapping writes of one
  // process apart.
  const tmp = `${file}.tmp-${process.pid}-${sequence++}`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function writeResultsFiles(
  dir: string,
  baseName: string,
  results: Results,
): Promise<{ json: string; md: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, `${baseName}.json`);
  const md = join(dir, `${baseName}.md`);
  // JSON first: it is the source of truth, the Markdown is derived from it.
  await writeFileAtomic(json, renderJson(results));
  await writeFileAtomic(md, renderMarkdown(results));
  return { json, md };
}
