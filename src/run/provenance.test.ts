import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { busyWarnings, projectRevision } from './provenance.js';

describe('provenance', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('records the commit and dirty flag of the project under test (a real git repository)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'muxbench-prov-'));
    dirs.push(dir);
    expect(projectRevision(dir)).toEqual({ cwd: dir, commit: null, dirty: null });
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    await writeFile(join(dir, 'a.txt'), 'one');
    git('add', 'a.txt');
    git('commit', '-qm', 'one');
    const head = git('rev-parse', 'HEAD');
    expect(projectRevision(dir)).toEqual({ cwd: dir, commit: head, dirty: false });
    await writeFile(join(dir, 'a.txt'), 'two');
    expect(projectRevision(dir)).toEqual({ cwd: dir, commit: head, dirty: true });
  });

  it('warns when the load average says the machine was busy', () => {
    const p = (start: number, end: number) => ({
      project: { cwd: '.', commit: null, dirty: null },
      loadAverage: { start: [start, 0, 0] as [number, number, number], end: [end, 0, 0] as [number, number, number] },
      cpuGovernor: null,
      warnings: [],
    });
    expect(busyWarnings(p(0.4, 0.9), 2)).toEqual([]);
    expect(busyWarnings(p(8.8, 22.6), 2)).toEqual([
      'the machine was not idle: load average 8.80 at the start, 22.60 at the end on 2 cores (idle means ≤ 1.0); ' +
        'timings are noisier than usual, compare only within this run (--a/--b)',
    ]);
    expect(busyWarnings(p(0.2, 1.5), 2)).toHaveLength(1);
  });
});
