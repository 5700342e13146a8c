/**
 * Interrupts and parent death, against the real CLI: SIGINT and SIGTERM mid-case keep
 * every finished case in the results file, mark the run and the case interrupted and
 * exit 130 / 143; SIGKILL leaves no child behind (workers, ping server, nginx and its
 * workers, the guardian). The 2 s bound is the one issue #13 states: every child must be
 * gone within 2 s of muxbench.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../src/results.js';
import { findNginx } from '../src/targets/nginx/process.js';
import { startCli } from './support/cli.js';
import { commandOf, descendants, pollFor, waitGone } from './support/process-tree.js';

const GONE_BOUND_MS = 2_000;
/** Generous: start-up of the CLI, the target and one case on a busy 2-core machine. */
const FIRST_CASE_BOUND_MS = 45_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-interrupt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Open-loop cases last --duration each: long enough to be mid-case when the signal comes.
function args(out: string, extra: string[] = []): string[] {
  return [
    'run', '--node', 'current', '--scenario', 'seed', '--strategies', 'http2-single-session,undici-h2,undici-h1',
    '--repetitions', '1', '--rate', '20', '--duration', '5', '--out', out, '--quiet', ...extra,
  ];
}

async function resultsIn(out: string): Promise<Results | undefined> {
  const files = await readdir(out).catch(() => [] as string[]);
  const json = files.find((f) => f.endsWith('.json'));
  if (json === undefined) return undefined;
  return JSON.parse(await readFile(path.join(out, json), 'utf8')) as Results;
}

/** Starts a run, waits until its first case is written and the second is running, returns the run and its children. */
async function midRun(name: string, extra: string[] = []) {
  const out = path.join(dir, name);
  const run = startCli(args(out, extra));
  await pollFor(async () => ((await resultsIn(out))?.runs.length ?? 0) >= 1 || undefined, FIRST_CASE_BOUND_MS, `first case written\n${run.stderr()}`);
  const pid = run.child.pid!;
  // The next case's worker is up when muxbench has a child that is not the target's.
  await pollFor(() => {
    const found = descendants(pid);
    return found.some((p) => /\bworker(-[0-9a-f]+)?\.m?js\b/.test(commandOf(p))) ? found : undefined;
  }, 10_000, `the second case started: ${descendants(pid).map(commandOf).join('; ')}\n${run.stderr()}`);
  // Into the case: a worker that has not yet got its spec would exit with the channel anyway.
  await new Promise((r) => setTimeout(r, 1_500));
  return { out, run, pid, children: descendants(pid) };
}

describe('interrupts', () => {
  const cases = [
    ['SIGINT', 130, 'local'],
    ['SIGTERM', 143, 'local'],
    ['SIGINT', 130, 'nginx'],
  ] as const;
  for (const [signal, code, target] of cases) {
    it.skipIf(target === 'nginx' && findNginx() === undefined)(`${signal} mid-case (--target ${target}) keeps the finished cases, marks the interrupted one, exits ${code}, leaves no child`, async () => {
      const { out, run, children } = await midRun(`${signal.toLowerCase()}-${target}`, ['--target', target]);
      if (target === 'nginx') expect(children.filter((p) => commandOf(p).startsWith('nginx')).length).toBeGreaterThanOrEqual(2);
      run.child.kill(signal);
      const left = await waitGone(children, GONE_BOUND_MS);
      expect(left.map(commandOf)).toEqual([]);
      const exit = await run.done;
      expect(exit.code).toBe(code);
      const results = await resultsIn(out);
      expect(results?.interrupted).toBe(true);
      expect(results?.interruption?.signal).toBe(signal);
      expect(results?.interruption?.case).toMatchObject({ scenario: 'seed', repetition: 0 });
      expect(results?.runs.length).toBeGreaterThanOrEqual(1);
      expect(results?.runs.every((r) => r.status === 'ok')).toBe(true);
      expect(results?.interruption?.case?.strategy).not.toBe(results?.runs.at(-1)?.strategy);
      expect(run.stderr()).toMatch(new RegExp(`interrupted by ${signal}`));
      expect(run.stderr()).not.toMatch(/\n\s+at /);
    });
  }

  it('SIGKILL: the ping server and the worker exit by themselves within 2 s', async () => {
    const { run, children } = await midRun('sigkill');
    expect(children.length).toBeGreaterThanOrEqual(2);
    run.child.kill('SIGKILL');
    const left = await waitGone(children, GONE_BOUND_MS);
    expect(left.map(commandOf)).toEqual([]);
  });

  it.skipIf(findNginx() === undefined)('SIGKILL with --target nginx: nginx, its workers and the guardian go within 2 s', async () => {
    const { run, children } = await midRun('sigkill-nginx', ['--target', 'nginx']);
    const nginx = children.filter((p) => commandOf(p).startsWith('nginx'));
    // The master and at least one worker.
    expect(nginx.length).toBeGreaterThanOrEqual(2);
    run.child.kill('SIGKILL');
    const left = await waitGone(children, GONE_BOUND_MS);
    expect(left.map(commandOf)).toEqual([]);
  });
});
