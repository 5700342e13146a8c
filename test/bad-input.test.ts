/**
 * The bad-input panel: each input gives one line in muxbench's own words on stderr (no
 * stack frames, no raw system error), exit 2 for a command-line mistake and 1 for a run
 * that could not be done, before anything is measured, and leaves no results files.
 * Most rows call the CLI's main() in this process (fast); the ones where the process
 * itself matters (a real argv, a module that never finishes loading) run bin/muxbench.js.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { runCli } from './support/cli.js';

let dir: string;
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-bad-input-'));
  await writeFile(file('plain.txt'), 'not a directory\n');
  await writeFile(file('not-pem.pem'), 'hello, I am not a certificate\n');
  await writeFile(file('empty.mjs'), '');
  await writeFile(file('throws.mjs'), "throw new Error('boom while loading');\n");
  await writeFile(file('wrong-shape.mjs'), 'export default { id: 42, open: "no" };\nexport const other = [1, 2];\n');
  await writeFile(file('never.mjs'), 'await new Promise(() => {});\nexport default {};\n');
  await writeFile(file('syntax.ts'), 'export default { id: "x", open( };\n');
  await writeFile(file('truncated.json'), '{"schemaVersion":1,"runs":[{"scenario":"seed"');
  await writeFile(file('other-schema.json'), JSON.stringify({ schemaVersion: 99, runs: [], aggregates: [], scenarios: [], strategies: [], environment: {} }));
  await writeFile(file('not-json.json'), 'scenario,strategy\nseed,undici-h2\n');
  await writeFile(file('array.json'), '[1,2,3]');
  await mkdir(file('a-directory'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Row {
  name: string;
  args: () => string[];
  exit: 1 | 2;
  says: RegExp;
}

/** Every `run` row writes (if it wrote at all) under this directory: it must stay absent. */
const out = (): string => file('results-out');
const run = (...rest: string[]): string[] => ['run', '--node', 'current', '--out', out(), ...rest];
const url = ['--url', 'https://127.0.0.1:9'];

const rows: Row[] = [
  { name: '--repetitions -1', args: () => run('--repetitions', '-1'), exit: 2, says: /--repetitions must be a whole number from 1 to 100, got '-1'/ },
  { name: '--repetitions 0', args: () => run('--repetitions', '0'), exit: 2, says: /--repetitions must be from 1 to 100, got 0/ },
  { name: '--repetitions abc', args: () => run('--repetitions', 'abc'), exit: 2, says: /--repetitions must be a whole number/ },
  { name: '--concurrency 0', args: () => run('--concurrency', '0'), exit: 2, says: /--concurrency must be from 1 to 10000, got 0/ },
  { name: '--concurrency -5', args: () => run('--concurrency', '-5'), exit: 2, says: /--concurrency must be a whole number/ },
  { name: '--request-timeout 5', args: () => run('--request-timeout', '5'), exit: 2, says: /--request-timeout must be from 100/ },
  { name: 'an unknown flag', args: () => run('--frobnicate'), exit: 2, says: /unknown option '--frobnicate'/ },
  { name: 'an unknown command', args: () => ['frob'], exit: 2, says: /unknown command 'frob'/ },
  { name: 'a stray argument', args: () => run('extra'), exit: 2, says: /unexpected argument 'extra'/ },
  { name: '--repetitions without a value', args: () => run('--repetitions'), exit: 2, says: /--repetitions needs a value/ },
  { name: 'an unknown scenario', args: () => run('--scenario', 'nope'), exit: 2, says: /unknown scenario 'nope'/ },
  { name: 'an unknown strategy', args: () => run('--strategies', 'nope'), exit: 2, says: /unknown strategy 'nope'/ },
  { name: '--out /proc/x', args: () => ['run', '--out', '/proc/x'], exit: 2, says: /--out \/proc\/x: cannot write in \/proc/ },
  { name: '--out naming a file', args: () => ['run', '--out', file('plain.txt')], exit: 2, says: /plain\.txt is a file, not a directory/ },
  { name: '--out under a file', args: () => ['run', '--out', path.join(file('plain.txt'), 'sub', 'dir')], exit: 2, says: /is under .*plain\.txt, which is a file/ },
  { name: '--out with --no-write', args: () => run('--no-write'), exit: 2, says: /--out and --no-write exclude each other/ },
  { name: '--ca missing', args: () => run(...url, '--ca', file('missing.pem')), exit: 2, says: /--ca .*missing\.pem: cannot read that file/ },
  { name: '--ca not PEM', args: () => run(...url, '--ca', file('not-pem.pem')), exit: 2, says: /--ca .*not-pem\.pem is not a PEM certificate/ },
  { name: '--ca a directory', args: () => run(...url, '--ca', file('a-directory')), exit: 2, says: /--ca .*a-directory: cannot read that file/ },
  { name: '--key not PEM', args: () => run(...url, '--cert', file('not-pem.pem'), '--key', file('not-pem.pem')), exit: 2, says: /is not a PEM (certificate|private key)/ },
  { name: '--cert without --key', args: () => run(...url, '--cert', file('not-pem.pem')), exit: 2, says: /--cert and --key go together/ },
  { name: '--url not http(s)', args: () => run('--url', 'ftp://127.0.0.1'), exit: 2, says: /--url must start with https:\/\/ or http:\/\// },
  { name: '--target mars', args: () => run('--target', 'mars'), exit: 2, says: /--target must be local or nginx/ },
  { name: '--rate without --duration', args: () => run('--rate', '10'), exit: 2, says: /needs both --rate/ },
  { name: '--duration without --rate or a sustained scenario', args: () => run('--scenario', 'burst', '--duration', '5'), exit: 2, says: /--duration without --rate sets how long a sustained scenario runs/ },
  { name: '--fail-on-regression without --compare', args: () => run('--fail-on-regression', '5%'), exit: 2, says: /needs a baseline/ },
  { name: '--base-ref without --strategy-file', args: () => run('--base-ref', 'v1.0.0'), exit: 2, says: /--base-ref measures the previous version of a strategy file: add --strategy-file/ },
  { name: '--base-ref with --base-dir', args: () => run('--base-ref', 'v1.0.0', '--base-dir', '.'), exit: 2, says: /--base-ref and --base-dir both name the previous client: give one/ },
  { name: '--base-ref an option', args: () => run('--strategy-file', file('empty.mjs'), '--base-ref=--output=x'), exit: 2, says: /--base-ref needs a git ref/ },
  { name: '--precision not a percentage', args: () => run('--precision', 'abc'), exit: 2, says: /--precision must be a percentage/ },
  { name: 'an empty --trace-file', args: () => run('--trace-file', ''), exit: 2, says: /--trace-file needs a file name/ },
  { name: 'a malformed --threshold', args: () => run('--threshold', 'nonsense'), exit: 2, says: /threshold/ },
  { name: 'an empty strategy file', args: () => run('--strategy-file', file('empty.mjs')), exit: 1, says: /empty\.mjs exports no strategy/ },
  { name: 'a strategy file that throws', args: () => run('--strategy-file', file('throws.mjs')), exit: 1, says: /cannot load strategy file .*throws\.mjs: boom while loading/ },
  { name: 'a strategy file of the wrong shape', args: () => run('--strategy-file', file('wrong-shape.mjs')), exit: 1, says: /wrong-shape\.mjs exports no strategy/ },
  { name: 'a strategy file with a syntax error', args: () => run('--strategy-file', file('syntax.ts')), exit: 1, says: /cannot load strategy file .*syntax\.ts/ },
  { name: 'a strategy file that is missing', args: () => run('--strategy-file', file('missing.ts')), exit: 1, says: /cannot load strategy file .*missing\.ts/ },
  { name: '--compare a truncated file', args: () => run('--compare', file('truncated.json')), exit: 1, says: /truncated\.json is not JSON/ },
  { name: 'compare a truncated file', args: () => ['compare', file('truncated.json'), file('other-schema.json')], exit: 1, says: /truncated\.json is not JSON/ },
  { name: 'compare a file of another schema', args: () => ['compare', file('other-schema.json'), file('other-schema.json')], exit: 1, says: /has schemaVersion 99, this muxbench reads 1/ },
  { name: 'compare a missing file', args: () => ['compare', file('missing.json'), file('other-schema.json')], exit: 2, says: /cannot read results file .*missing\.json: no such file/ },
  { name: 'compare with one file', args: () => ['compare', file('other-schema.json')], exit: 2, says: /compare needs exactly two results files/ },
  { name: 'report a file that is not JSON', args: () => ['report', file('not-json.json'), '--html', file('r.html')], exit: 1, says: /not-json\.json is not JSON/ },
  { name: 'report a JSON array', args: () => ['report', file('array.json'), '--md', file('r.md')], exit: 1, says: /array\.json is not a muxbench results file/ },
  { name: 'report without an output', args: () => ['report', file('other-schema.json')], exit: 2, says: /report needs an output/ },
  { name: 'merge one file', args: () => ['merge', file('truncated.json'), '-o', file('m.json')], exit: 2, says: /merge needs at least two results files/ },
  { name: 'merge a missing file', args: () => ['merge', file('missing.json'), file('array.json'), '-o', file('m.json')], exit: 2, says: /cannot read results file .*missing\.json: no such file/ },
  { name: 'merge a file that is not JSON', args: () => ['merge', file('not-json.json'), file('array.json'), '-o', file('m.json')], exit: 1, says: /not-json\.json is not JSON/ },
];

function expectOneLine(stderr: string, says: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim().length > 0);
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^muxbench: /);
  expect(lines[0]).toMatch(says);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/ENOTDIR: not a directory|EACCES: permission denied|Error: /);
}

describe('bad input: one line, exit 2 (command line) or 1 (run), nothing measured, nothing written', () => {
  it('has at least 25 inputs', () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
  });

  for (const row of rows) {
    it(row.name, async () => {
      let stderr = '';
      let stdout = '';
      const code = await main(row.args(), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
      expect({ code, stdout }).toEqual({ code: row.exit, stdout: '' });
      expectOneLine(stderr, row.says);
      // Checked before anything ran: no results directory, and nothing else written next to the inputs.
      await expect(readdir(out())).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await readdir(dir)).filter((f) => /^r\.(html|md)$|\.tmp-|muxbench-write-check/.test(f))).toEqual([]);
    });
  }
});

describe('bad input through the real CLI process', () => {
  it('--repetitions -1: one line, exit 2', async () => {
    const r = await runCli(['run', '--repetitions', '-1', '--out', out()], 30_000);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /--repetitions must be a whole number from 1 to 100, got '-1'/);
  });

  it('--out /proc/x: refused at once (bounded: 30 s, instead of spinning for minutes), exit 2', async () => {
    const r = await runCli(['run', '--out', '/proc/x'], 30_000);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /cannot write in \/proc/);
  });

  it('a strategy file whose top-level await never settles: refused after the 10 s load bound, exit 1', async () => {
    const r = await runCli(run('--strategy-file', file('never.mjs')), 40_000);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /never\.mjs did not finish loading within 10 s/);
    await expect(readdir(out())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
