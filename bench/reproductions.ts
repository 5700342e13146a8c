/**
 * `npm run reproductions`: every entry of docs/reproductions.md, one muxbench command per
 * issue thread, re-run on today's versions, then a table: thread, command, what it
 * showed, date. An entry that needs a feature muxbench does not have yet is listed with
 * its command and "needs …" instead of being run. Each command runs the CLI as a user
 * would (node bin/muxbench.js, dist/ built by `npm ci`), writing its results file into a
 * temporary directory this script reads.
 *
 *   npm run reproductions                 all entries
 *   npm run reproductions -- bun#43419    the entries whose thread contains the text
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Results } from '../src/results.js';
import { gfmTable } from '../src/report/gfm.js';

interface Reproduction {
  thread: string;
  /** What the thread reports. */
  claim: string;
  /** muxbench's arguments (after `muxbench`). */
  args: string[];
  /** A feature muxbench lacks on this branch: the entry is listed, not run. */
  needs?: string;
  showed?: (results: Results) => string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const rowsOf = (results: Results, strategy: string): CaseResult[] => results.runs.filter((r) => r.strategy === strategy && r.status !== 'skipped');
const errorsText = (run: CaseResult): string => {
  const codes = Object.entries(run.requests.errors).map(([code, n]) => `${code} ×${n}`);
  return codes.length > 0 ? codes.join(', ') : 'no errors';
};
const perRuntime = (results: Results, strategy: string, cell: (run: CaseResult) => string): string =>
  rowsOf(results, strategy)
    .map((run) => `${run.runtime?.id ?? 'current'}${run.runtime?.engineVersion ? ` ${run.runtime.engineVersion}` : ''}: ${run.status === 'error' ? `error ${run.error?.message ?? ''}` : cell(run)}`)
    .join('; ');

export const REPRODUCTIONS: Reproduction[] = [
  {
    thread: 'nodejs/undici#5390',
    claim: '30 concurrent POSTs on a warm h2 session go out ~90 ms apart',
    args: ['run', '--strategies', 'undici-h2', '--scenario', 'burst', '--concurrency', '30', '--request-bytes', '65536', '--repetitions', '1'],
    needs: '--request-bytes (request bodies)',
  },
  {
    thread: 'sindresorhus/got#2396',
    claim: 'two sequential `http2: true` requests open two TCP connections',
    args: ['run', '--node', '20,26', '--strategies', 'got-h2', '--scenario', 'sweep-c1', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perRuntime(results, 'got-h2', (run) => `got ${run.runtime?.packages.got ?? '?'}: ${plural(run.connections.server?.accepted ?? run.connections.opened, 'connection')} accepted for ${run.requests.total} sequential requests`),
  },
  {
    thread: 'axios httpVersion: 2, http2Options.sessionTimeout 1000 ms',
    claim: 'an idle gap longer than the 1 s session timeout forces a reconnect',
    args: ['run', '--strategies', 'axios-h2', '--scenario', 'idle-burst', '--repetitions', '1'],
    needs: 'the axios strategies',
  },
  {
    thread: 'oven-sh/bun#43419',
    claim: "56 parallel 200 KB responses hang after the 53rd on Bun's node:http2",
    args: ['run', '--runtime', 'bun,node26', '--strategies', 'http2-single-session', '--scenario', 'burst', '--concurrency', '56', '--body-bytes', '204800', '--quick', '--repetitions', '1', '--request-timeout', '5000'],
    showed: (results) => perRuntime(results, 'http2-single-session', (run) => `${run.requests.ok} of ${run.requests.total} responses completed (${errorsText(run)})`),
  },
  {
    thread: 'denoland/deno#21789',
    claim: "a burst sent before the server's SETTINGS arrive hits REFUSED_STREAM",
    args: ['run', '--runtime', 'deno,node26', '--strategies', 'http2-single-session', '--scenario', 'burst', '--server-max-streams', '10', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perRuntime(results, 'http2-single-session', (run) => `${run.requests.failed} of ${run.requests.total} failed (${errorsText(run)}), the server announced ${run.connections.remoteMaxConcurrentStreams ?? '?'} streams`),
  },
  {
    thread: 'aws/aws-sdk-js-v3#7936, smithy-lang/smithy-typescript#1996',
    claim: "NodeHttp2Handler's session concurrency (and ENHANCE_YOUR_CALM from its 10 MB maxSessionMemory)",
    args: ['run', '--strategies', 'smithy-node-http2-handler', '--scenario', 'burst', '--concurrency', '200', '--body-bytes', '65536', '--repetitions', '1'],
    needs: "the AWS SDK's NodeHttp2Handler strategy",
  },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runMuxbench(args: readonly string[], outDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'muxbench.js'), ...args, '--quiet', '--out', outDir], { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const chosen = REPRODUCTIONS.filter((r) => filter === undefined || r.thread.includes(filter));
  const rows: string[][] = [];
  for (const entry of chosen) {
    const command = `muxbench ${entry.args.join(' ')}`;
    const date = new Date().toISOString().slice(0, 10);
    if (entry.needs !== undefined || entry.showed === undefined) {
      rows.push([entry.thread, command, `needs ${entry.needs ?? 'a way to read its result'}`, date]);
      continue;
    }
    process.stderr.write(`reproductions: ${entry.thread}: ${command}\n`);
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'muxbench-repro-'));
    try {
      const ran = await runMuxbench(entry.args, outDir);
      const file = readdirSync(outDir).find((f) => f.endsWith('.json'));
      if (file === undefined) {
        const line = ran.stderr.trim().split('\n').at(-1) ?? '';
        rows.push([entry.thread, command, `did not run (exit ${ran.code}): ${line}`, date]);
        continue;
      }
      const results = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as Results;
      rows.push([entry.thread, command, entry.showed(results), date]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${gfmTable(['thread', 'command', 'what it showed', 'date'], rows).join('\n')}\n`);
}

await main();
