/**
 * Old against new in one run, end to end: a real git repository in a temporary directory
 * whose client got slower between two tags, run with --base-ref against a real local
 * server. The slowdown lives in a file the strategy file imports (lib/pace.mjs), not in
 * the strategy file itself, so the previous client must come with what it imports; both
 * import a package from the checkout's node_modules (untracked, as installed packages are).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../api.js';
import { main } from '../cli.js';
import type { Results } from '../results.js';

/** The new client waits this long after every response: a floor on its latency. */
const PACE_MS = 30;

const CLIENT = `import http2 from 'node:http2';
import { once } from 'node:events';
import { paceMs } from '../lib/pace.mjs';
import { name } from 'tiny-dep';

export default {
  id: 'client',
  label: name + ' client, paced ' + paceMs + ' ms',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: 'one http2 session; waits paceMs after each response',
  async open(ctx) {
    const session = http2.connect(ctx.origin, { ca: ctx.tls.ca, cert: ctx.tls.cert, key: ctx.tls.key, servername: ctx.tls.servername });
    session.on('error', () => {});
    await once(session, 'remoteSettings');
    return {
      async ping(path, signal) {
        const stream = session.request({ ':path': path }, { signal });
        const [headers] = await once(stream, 'response');
        stream.resume();
        await once(stream, 'end');
        if (headers[':status'] !== 200) throw new Error('HTTP ' + headers[':status']);
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
      },
      close: () => new Promise((resolve) => session.close(resolve)),
    };
  },
};
`;

let root: string;
let repo: string;
let out: string;
let client: string;

function git(...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  return execFileSync('git', ['-C', repo, '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { env, encoding: 'utf8' }).trim();
}

async function write(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(repo, rel)), { recursive: true });
  await writeFile(path.join(repo, rel), text);
}

const tempTrees = async (): Promise<string[]> => (await readdir(os.tmpdir())).filter((f) => f.startsWith('muxbench-base-'));

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'muxbench-baseref-test-'));
  repo = path.join(root, 'repo');
  out = path.join(root, 'out');
  await mkdir(out);
  await mkdir(repo);
  git('init', '-q');
  await write('package.json', '{ "name": "app", "private": true, "type": "module" }\n');
  await write('.gitignore', 'node_modules/\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'no client yet');
  git('tag', 'v0');
  // Installed, not committed: the previous tree must resolve it from this checkout.
  await write('node_modules/tiny-dep/package.json', '{ "name": "tiny-dep", "type": "module", "exports": "./index.js" }\n');
  await write('node_modules/tiny-dep/index.js', "export const name = 'tiny';\n");
  await write('bench/client.mjs', CLIENT);
  await write('lib/pace.mjs', 'export const paceMs = 0;\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'client');
  git('tag', 'v1');
  await write('lib/pace.mjs', `export const paceMs = ${PACE_MS};\n`);
  git('commit', '-q', '-am', 'slower client');
  client = path.join(repo, 'bench/client.mjs');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const common = (dir: string): string[] => ['--strategy-file', client, '--scenario', 'seed', '--quick', '--repetitions', '4', '--out', dir, '--quiet'];

async function resultsIn(dir: string): Promise<Results> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.json'));
  return JSON.parse(await readFile(path.join(dir, file ?? 'missing.json'), 'utf8')) as Results;
}

describe('--base-ref: the previous release of a client against this one, in one run', () => {
  let results: Results & { verdict: { exitCode: number; messages: string[] } };
  let before: string[];
  let printed = '';

  beforeAll(async () => {
    before = await tempTrees();
    const dir = path.join(out, 'ab');
    await mkdir(dir);
    results = await run({
      'strategy-file': [client],
      scenario: 'seed',
      quick: true,
      repetitions: '4',
      out: dir,
      quiet: true,
      'base-ref': 'v1',
      gate: ['seed/client/p50'],
      'fail-on-regression': '5%',
      stdout: (t) => void (printed += t),
    });
  }, 180_000);

  it('measures both versions under their own ids, and records where the previous one came from', () => {
    const ids = new Set(results.runs.map((r) => r.strategy));
    expect([...ids].sort()).toEqual(['client', 'client@v1']);
    expect(results.runs.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(results.base).toEqual({ ref: 'v1', commit: git('rev-parse', 'v1'), pairs: [{ base: 'client@v1', next: 'client' }] });
    // The previous client's own lib/pace.mjs was loaded, beside the checkout's installed tiny-dep.
    expect(results.strategies.find((s) => s.id === 'client@v1')?.label).toBe('tiny client, paced 0 ms (v1)');
    expect(results.strategies.find((s) => s.id === 'client')?.label).toBe(`tiny client, paced ${PACE_MS} ms`);
    expect(printed).toContain('previous client: client@v1 (git v1');
  });

  it('runs the two next to each other in every repetition, swapping which goes first', () => {
    const order = results.runs.filter((r) => r.status === 'ok').map((r) => `${r.repetition}:${r.strategy}`);
    expect(order).toEqual(['0:client@v1', '0:client', '1:client', '1:client@v1', '2:client@v1', '2:client', '3:client', '3:client@v1']);
  });

  it('compares them paired by repetition and gates on the declared row: the slower client fails', () => {
    const c = results.comparison!;
    expect(c.mode).toBe('paired');
    expect(c.base.label).toBe(`v1 (${git('rev-parse', 'v1').slice(0, 12)})`);
    expect(c.gate).toEqual(['seed/client/p50']);
    expect(c.correction?.tests).toBe(1);
    const row = c.cases.find((k) => k.scenario === 'seed' && k.strategy === 'client')!;
    const p50 = row.metrics.find((m) => m.metric === 'p50')!;
    expect(p50.method).toBe('paired');
    expect(p50.base.n).toBe(4);
    expect(p50.next.n).toBe(4);
    // The pace is a floor on the new client's latency.
    expect(p50.next.mean).toBeGreaterThanOrEqual(PACE_MS);
    expect(p50.verdict).toBe('regression');
    expect(p50.gated).toBe(true);
    expect(row.metrics.find((m) => m.metric === 'throughput')!.gated).toBe(false);
    expect(results.verdict.exitCode).toBe(1);
    expect(results.verdict.messages.join('\n')).toMatch(/regression above 5\.0 %: seed client p50/);
  });

  it('writes the comparison and the pairs into the results file, and removes the previous tree', async () => {
    const file = await resultsIn(path.join(out, 'ab'));
    expect(file.base?.pairs).toEqual([{ base: 'client@v1', next: 'client' }]);
    expect(file.comparison?.mode).toBe('paired');
    expect((await tempTrees()).filter((t) => !before.includes(t))).toEqual([]);
  });
});

describe('--base-ref of the checked-out commit (A/A)', () => {
  it('passes the gate on the default rows: p50 and throughput of every scenario', async () => {
    const dir = path.join(out, 'aa');
    await mkdir(dir);
    let err = '';
    const code = await main(['run', ...common(dir), '--base-ref', 'HEAD', '--fail-on-regression', '5%'], { stdout: () => {}, stderr: (t) => void (err += t) });
    expect(err).not.toMatch(/regression above/);
    expect(code).toBe(0);
    const results = await resultsIn(dir);
    expect(results.comparison?.gate).toEqual(['*/client/p50', '*/client/throughput']);
    expect(results.comparison?.correction?.tests).toBe(2);
  }, 180_000);
});

describe('--base-ref refuses, in one line and before any case', () => {
  async function refused(args: string[]): Promise<{ code: number; err: string; files: string[] }> {
    const dir = await mkdtemp(path.join(out, 'bad-'));
    let err = '';
    const code = await main(['run', ...common(dir), ...args], { stdout: () => {}, stderr: (t) => void (err += t) });
    return { code, err, files: await readdir(dir) };
  }

  it('a ref the repository does not have', async () => {
    const r = await refused(['--base-ref', 'v9']);
    expect(r.err).toMatch(/^muxbench: --base-ref v9: no such commit in .*repo; give a tag, branch or commit/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(r.files).toEqual([]);
  });

  it('a gate row naming a strategy the run does not have; one naming the previous id passes that check', async () => {
    expect((await refused(['--base-ref', 'v9', '--gate', 'seed/other/p50'])).err).toMatch(/--gate 'seed\/other\/p50': strategy 'other' is not in this run \(client, client@v9\)/);
    // Past the gate's check, the ref is looked up.
    expect((await refused(['--base-ref', 'v9', '--gate', 'seed/client@v9/p50'])).err).toMatch(/--base-ref v9: no such commit/);
  });

  it('a ref at which the strategy file did not exist', async () => {
    const r = await refused(['--base-ref', 'v0']);
    expect(r.err).toMatch(/^muxbench: --base-ref v0: bench\/client\.mjs does not exist at v0 \(/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(r.files).toEqual([]);
  });

  it('a strategy file outside any git repository', async () => {
    const lone = await mkdtemp(path.join(os.tmpdir(), 'muxbench-nogit-'));
    try {
      await writeFile(path.join(lone, 'client.mjs'), "export default { id: 'x', label: 'x', library: 'x', intent: 'pool', configuration: '', async open() { return { async ping() {}, async close() {} }; } };\n");
      const dir = await mkdtemp(path.join(out, 'bad-'));
      let err = '';
      const code = await main(['run', '--strategy-file', path.join(lone, 'client.mjs'), '--scenario', 'seed', '--quick', '--out', dir, '--base-ref', 'v1'], {
        stdout: () => {},
        stderr: (t) => void (err += t),
      });
      expect(err).toMatch(/^muxbench: --base-ref v1: .*client\.mjs is not in a git repository; measure a copy of the previous release with --base-dir DIR instead/);
      expect(code).toBe(2);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(lone, { recursive: true, force: true });
    }
  });

  it('with --compare, or without a strategy file', async () => {
    expect((await refused(['--base-ref', 'v1', '--compare', 'x.json'])).err).toMatch(/--base-ref and --compare are two baselines/);
    let err = '';
    const code = await main(['run', '--scenario', 'seed', '--base-ref', 'v1', '--no-write'], { stdout: () => {}, stderr: (t) => void (err += t) });
    expect(code).toBe(2);
    expect(err).toMatch(/--base-ref measures the previous version of a strategy file: add --strategy-file/);
  });
});

describe('--base-dir: the previous client from a copy of the repository', () => {
  it('measures the copy under <id>@base beside this one, and refuses a copy without the strategy file', async () => {
    const copy = path.join(root, 'copy');
    await mkdir(copy);
    execFileSync('sh', ['-c', `git -C "${repo}" archive v1 | tar -x -C "${copy}"`]);
    // A copy brings its own node_modules (npm ci there); nothing is linked into it.
    await mkdir(path.join(copy, 'node_modules'));
    execFileSync('cp', ['-r', path.join(repo, 'node_modules/tiny-dep'), path.join(copy, 'node_modules/')]);
    const dir = path.join(out, 'dir');
    await mkdir(dir);
    const code = await main(['run', ...common(dir), '--repetitions', '2', '--base-dir', copy], { stdout: () => {}, stderr: () => {} });
    expect(code).toBe(0);
    const results = await resultsIn(dir);
    expect(results.base).toEqual({ dir: copy, pairs: [{ base: 'client@base', next: 'client' }] });
    expect(results.runs.map((r) => `${r.repetition}:${r.strategy}:${r.status}`)).toEqual(['0:client@base:ok', '0:client:ok', '1:client:ok', '1:client@base:ok']);
    expect(results.strategies.find((s) => s.id === 'client@base')?.label).toBe('tiny client, paced 0 ms (base)');
    expect(results.comparison?.mode).toBe('paired');

    let err = '';
    const empty = await mkdtemp(path.join(root, 'empty-'));
    expect(await main(['run', ...common(empty), '--base-dir', empty], { stdout: () => {}, stderr: (t) => void (err += t) })).toBe(2);
    expect(err).toMatch(/^muxbench: --base-dir .*empty-\w+: bench\/client\.mjs is not there; the copy must hold the strategy file at the same path/);
  }, 180_000);
});
