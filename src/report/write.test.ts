import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderJson } from './json.js';
import { writeFileAtomic, writeResultsFiles } from './write.js';

describe('writeResultsFiles', () => {
  let root = '';
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the directory and leaves no temp file', async () => {
    root = await mkdtemp(join(tmpdir(), 'muxbench-write-'));
    const dir = join(root, 'nested', 'results');
    const results = fixtureResults();
    const paths = await writeResultsFiles(dir, 'run-1', results);
    expect(paths).toEqual({ json: join(dir, 'run-1.json'), md: join(dir, 'run-1.md') });
    expect((await readdir(dir)).sort()).toEqual(['run-1.json', 'run-1.md']);
    expect(await readFile(paths.json, 'utf8')).toBe(renderJson(results));
    expect(await readFile(paths.md, 'utf8')).toMatch(/^# muxbench 0\.1\.0 results/);
  });

  it('overwrites an existing file by rename', async () => {
    root = await mkdtemp(join(tmpdir(), 'muxbench-write-'));
    const results = fixtureResults();
    await writeResultsFiles(root, 'r', { ...results, finishedAt: null });
    await writeResultsFiles(root, 'r', results);
    const back = JSON.parse(await readFile(join(root, 'r.json'), 'utf8')) as { finishedAt: string | null };
    expect(back.finishedAt).toBe(results.finishedAt);
    expect((await readdir(root)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('removes its temp file when the rename fails', async () => {
    root = await mkdtemp(join(tmpdir(), 'muxbench-write-'));
    // Renaming a file over a directory fails: the temp file must not stay behind.
    await expect(writeFileAtomic(root, 'x')).rejects.toThrow();
    const parent = join(root, '..');
    const base = root.slice(parent.length + 1);
    expect((await readdir(parent)).filter((f) => f.startsWith(`${base}.tmp-`))).toEqual([]);
  });
});
