/**
 * muxbench as others install it: `npm pack`, the tarball installed from the npm cache
 * into a fresh ES module project and a fresh CommonJS project, and `npx muxbench verify`
 * on strategy files of every usual kind (.js .mjs .cjs .ts .mts .cts), importing
 * 'muxbench', requiring it, or neither, from a subdirectory and from outside any project.
 * One pack, one install per project kind, one verify per project (all its files), run in
 * parallel. dist/ is built by the globalSetup (test/build-dist.ts), so the pack skips `prepare`.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Bounds a hang would exceed, not speed targets: pack + installs take ~10 s on 2 busy cores.
const SETUP_BOUND_MS = 240_000;
const VERIFY_BOUND_MS = 180_000;

type Syntax = 'esm' | 'cjs';
type Import = 'import' | 'none';

/** A small one-connection strategy (one node:http2 session), in the module syntax asked for. */
function strategySource(id: string, syntax: Syntax, uses: Import, typed: boolean): string {
  const helpers =
    uses === 'none'
      ? `const tlsOptions = (t) => ({ ca: t.ca, ...(t.cert ? { cert: t.cert, key: t.key } : {}) });
const checkStatus = (s) => { if (s < 200 || s >= 300) throw new Error('HTTP ' + s); };`
      : syntax === 'esm'
        ? `import { checkStatus, tlsOptions } from 'muxbench';`
        : `const { checkStatus, tlsOptions } = require('muxbench');`;
  const head =
    syntax === 'esm'
      ? `import { once } from 'node:events';\nimport http2 from 'node:http2';\n${typed ? "import type { Strategy } from 'muxbench';\n" : ''}`
      : `const { once } = require('node:events');\nconst http2 = require('node:http2');\n`;
  const any = typed ? ': any' : '';
  const body = `{
  id: '${id}',
  label: '${id}',
  library: 'node:http2',
  intent: 'one-connection',
  configuration: 'one session',
  async open(ctx${any}) {
    const session = http2.connect(ctx.origin, tlsOptions(ctx.tls));
    session.on('error', () => {});
    const ready = once(session, 'remoteSettings');
    return {
      async ping(path${any}, signal${any}) {
        await ready;
        const stream = session.request({ ':method': 'GET', ':path': path }, { signal });
        const [headers] = await once(stream, 'response');
        stream.resume();
        await once(stream, 'end');
        checkStatus(Number(headers[':status']));
      },
      close: () => new Promise${typed ? '<void>' : ''}((resolve) => session.close(() => resolve())),
    };
  },
}`;
  const declared = typed && syntax === 'esm' && uses !== 'none' ? `const strategy: Strategy = ${body};\nexport default strategy;` : null;
  const exported = declared ?? (syntax === 'esm' ? `export default ${body};` : `module.exports = ${body};`);
  // With no muxbench import, the helpers above are untyped: keep the TypeScript files compiling as loosely as JS.
  const helperText = typed && uses === 'none' ? helpers.replaceAll('(t)', '(t: any)').replaceAll('(s)', '(s: number)') : helpers;
  return syntax === 'esm' ? `${head}${helperText}\n\n${exported}\n` : `${head}${helperText}\n\n${exported}\n`;
}

interface StrategyFile {
  /** Relative to the project. */
  file: string;
  syntax: Syntax;
  uses: Import;
}

// The module syntax each extension has in each kind of project ('.js' and '.ts' follow "type").
const FILES: Record<'module' | 'commonjs', StrategyFile[]> = {
  module: [
    { file: 'strategy.js', syntax: 'esm', uses: 'import' },
    { file: 'lib/strategy.mjs', syntax: 'esm', uses: 'none' },
    { file: 'strategy.cjs', syntax: 'cjs', uses: 'import' },
    { file: 'strategy.ts', syntax: 'esm', uses: 'import' },
    { file: 'lib/strategy.mts', syntax: 'esm', uses: 'import' },
    { file: 'strategy.cts', syntax: 'cjs', uses: 'import' },
  ],
  commonjs: [
    { file: 'strategy.js', syntax: 'cjs', uses: 'import' },
    { file: 'strategy.cjs', syntax: 'cjs', uses: 'none' },
    { file: 'lib/strategy.mjs', syntax: 'esm', uses: 'import' },
    // ES syntax in a CommonJS project's .ts: tsx compiles it to require('muxbench').
    { file: 'strategy.ts', syntax: 'esm', uses: 'import' },
    { file: 'strategy.mts', syntax: 'esm', uses: 'import' },
    { file: 'lib/strategy.cts', syntax: 'cjs', uses: 'import' },
  ],
};

const idOf = (kind: string, file: string): string => `${kind}-${file.replace(/[/.]/g, '-')}`;

let work: string;
/** What the tarball holds (npm pack --json lists it). */
let packedPaths: string[] = [];
const projects: Record<'module' | 'commonjs', string> = { module: '', commonjs: '' };

/** Offline from the npm cache; a fresh CI cache (npm ci fills it with tarballs, not metadata) fetches the metadata once. */
async function installTarball(dir: string, tarball: string): Promise<void> {
  const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball];
  try {
    await run(npm, [...args, '--offline'], { cwd: dir });
  } catch (error) {
    if (!String((error as { stderr?: string }).stderr).includes('ENOTCACHED')) throw error;
    await run(npm, [...args, '--prefer-offline'], { cwd: dir });
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'muxbench-package-'));
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedPaths = packed!.files.map((f) => f.path);
  const tarball = path.join(work, packed!.filename);
  await Promise.all(
    (['module', 'commonjs'] as const).map(async (type) => {
      const dir = path.join(work, type);
      projects[type] = dir;
      await mkdir(path.join(dir, 'lib'), { recursive: true });
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: `fresh-${type}`, version: '1.0.0', private: true, type }));
      await installTarball(dir, tarball);
      for (const f of FILES[type]) {
        const typed = /\.[mc]?ts$/.test(f.file);
        await writeFile(path.join(dir, f.file), strategySource(idOf(type, f.file), f.syntax, f.uses, typed));
      }
    }),
  );
  // Once, before the verifies run at once: each would otherwise generate the set on first use.
  await run('npx', ['--no-install', 'muxbench', 'certs'], { cwd: projects.module, env: cacheEnv() });
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The user's cache (where an installed muxbench keeps its certificates) inside the temp directory. */
const cacheEnv = (): NodeJS.ProcessEnv => ({ ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') });

async function npxVerify(cwd: string, files: string[], extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--no-install', 'muxbench', 'verify', '--quiet', '--concurrency', '8', ...extra, ...files.flatMap((f) => ['--strategy-file', f])];
  try {
    const { stdout, stderr } = await run('npx', args, { cwd, env: cacheEnv(), timeout: VERIFY_BOUND_MS });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// The tests share the installs but not their files: they run at once.
describe.concurrent('the packed package, installed into fresh projects', () => {
  it('ships dist, bin and docs, and neither tests nor TypeScript sources', () => {
    const paths = packedPaths;
    expect(paths).toEqual(expect.arrayContaining(['bin/muxbench.js', 'dist/cli.js', 'dist/index.d.ts', 'dist/run/worker.js', 'cjs/index.cjs', 'cjs/index.d.cts', 'README.md']));
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/') || /\.test\.(ts|js)$/.test(p) || p.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('verifies strategy files of all six kinds in an ES module project and a CommonJS project', async () => {
    const outcomes = await Promise.all(
      (['module', 'commonjs'] as const).map(async (type) => ({
        type,
        ...(await npxVerify(projects[type], FILES[type].map((f) => f.file), type === 'module' ? ['--out', 'out'] : [])),
      })),
    );
    // The results name the libraries muxbench ran with, found where npm put them (hoisted).
    const out = path.join(projects.module, 'out');
    const [json] = (await readdir(out)).filter((f) => f.endsWith('.json'));
    const results = JSON.parse(await readFile(path.join(out, json!), 'utf8')) as { environment: { dependencies: Record<string, string> } };
    expect(results.environment.dependencies.undici).toMatch(/^\d+\.\d+\.\d+/);
    // node_modules may be read-only: an installed muxbench keeps its certificates in the user's cache.
    expect(await readdir(path.join(work, 'cache', 'muxbench', 'certs'))).toContain('ca.crt');
    expect(await readdir(path.join(projects.module, 'node_modules', 'muxbench')).then((f) => f.includes('certs'))).toBe(false);
    for (const { type, code, stdout, stderr } of outcomes) {
      expect(stderr, `${type} project`).not.toMatch(/cannot load/);
      for (const f of FILES[type]) expect(stdout, `${type}: ${f.file}`).toMatch(new RegExp(`^${idOf(type, f.file)} \\(one-connection, burst, concurrency 8\\): ok`, 'm'));
      expect(stdout).toContain(`verify: ok — all ${FILES[type].length} one-connection strategies hold to every rule`);
      expect(code, `${type}: ${stderr}`).toBe(0);
    }
  }, VERIFY_BOUND_MS);

  it('loads a TypeScript file outside any project, from another directory, and says in one line what is wrong with a broken one', async () => {
    const outside = path.join(work, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'alone.ts'), strategySource('outside-alone-ts', 'esm', 'none', true));
    await writeFile(path.join(outside, 'broken.mjs'), 'export default {\n  id: "broken",\n');
    await writeFile(path.join(outside, 'missing.mjs'), "import 'no-such-package-here';\nexport default {};\n");
    await writeFile(path.join(outside, 'broken.ts'), 'export default {\n  id: "x",\n  open(ctx: any {\n');
    const lib = path.join(projects.module, 'lib');
    const [alone, broken, missing, brokenTs] = await Promise.all([
      npxVerify(lib, [path.join(outside, 'alone.ts')]),
      npxVerify(projects.commonjs, [path.join(outside, 'broken.mjs')]),
      npxVerify(projects.commonjs, [path.join(outside, 'missing.mjs')]),
      npxVerify(projects.module, [path.join(outside, 'broken.ts')]),
    ]);
    expect(alone.stdout).toMatch(/^outside-alone-ts \(one-connection, burst, concurrency 8\): ok/m);
    expect(alone.code).toBe(0);
    for (const [bad, says] of [
      [broken, /^muxbench: cannot load strategy file .*broken\.mjs: SyntaxError: /],
      [missing, /^muxbench: cannot load strategy file .*missing\.mjs: it imports 'no-such-package-here', which is not installed/],
      [brokenTs, /^muxbench: cannot load strategy file .*broken\.ts: SyntaxError at line 3, column 16: /],
    ] as const) {
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split('\n'), bad.stderr).toHaveLength(1);
      expect(bad.stderr).toMatch(says);
    }
  }, VERIFY_BOUND_MS);

  it('gives the programmatic API to import and require, with its types', async () => {
    const dir = projects.commonjs;
    await writeFile(
      path.join(dir, 'api.cjs'),
      `const m = require('muxbench');
const ledger = require('muxbench/ledger');
import('muxbench').then((esm) => console.log(JSON.stringify({
  cjs: [typeof m.run, typeof m.verify, typeof m.compare, typeof m.checkStatus, typeof ledger.trackSocket],
  esm: [typeof esm.run, typeof esm.verify, typeof esm.compare, typeof esm.checkStatus],
})));
`,
    );
    const { stdout } = await run(process.execPath, ['api.cjs'], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ cjs: Array(5).fill('function'), esm: Array(4).fill('function') });
    const types = await readFile(path.join(dir, 'node_modules/muxbench/dist/index.d.ts'), 'utf8');
    expect(types).toMatch(/export \{ run, verify, compare \}/);
  });

  it('types the API for TypeScript consumers, ESM and CommonJS (an unknown option is an error, not any)', async () => {
    await writeFile(
      path.join(projects.commonjs, 'consumer.cts'),
      `import muxbench = require('muxbench');
import ledger = require('muxbench/ledger');
export async function use(): Promise<unknown[]> {
  const results: muxbench.Results = await muxbench.run({ scenario: 'burst', quick: true });
  const { failed } = await muxbench.verify({ 'strategy-file': ['x.ts'] });
  // @ts-expect-error: not an option of run
  await muxbench.run({ bogus: 1 });
  muxbench.checkStatus(200);
  return [results.runs.length, failed satisfies string[], ledger.trackSocket];
}
`,
    );
    await writeFile(
      path.join(projects.module, 'consumer.ts'),
      `import { run, verify, compare, checkStatus, type RunEvent, type Results, type Strategy } from 'muxbench';
import { trackSocket } from 'muxbench/ledger';
const events: RunEvent[] = [];
export async function use(): Promise<unknown[]> {
  const results: Results = await run({ scenario: 'burst', quick: true, onEvent: (e) => events.push(e) });
  const { failed } = await verify({ 'strategy-file': ['x.ts'] });
  const { exitCode } = await compare({ base: 'a.json', next: 'b.json', failOnRegression: '5%' });
  const s: Strategy = { id: 'x', label: 'x', library: 'x', intent: 'one-connection', configuration: '',
    open: async () => ({ ping: async () => checkStatus(200), close: async () => {} }) };
  // @ts-expect-error: not an option of run
  await run({ bogus: 1 });
  return [results.runs.length, failed satisfies string[], exitCode satisfies number, s, trackSocket];
}
`,
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--typeRoots', path.join(root, 'node_modules/@types'), '--types', 'node'];
    const check = (dir: string, file: string): Promise<string> =>
      run(process.execPath, [tsc, ...flags, file], { cwd: dir }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
    expect(await Promise.all([check(projects.module, 'consumer.ts'), check(projects.commonjs, 'consumer.cts')])).toEqual(['', '']);
  }, VERIFY_BOUND_MS);
});
