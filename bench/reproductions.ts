/**
 * `npm run reproductions`: every entry of docs/reproductions.md, one muxbench command per
 * issue thread, re-run on today's versions, then the date, the runtimes and the load
 * average, and a table: thread, what it reports, command, what it showed, date. The
 * output is what docs/reproductions.md holds.
 * An entry that needs a feature muxbench does not have yet is listed with
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
import { NATIVE_RUNTIME_ID, type Results } from '../src/results.js';
import { gfmTable, inlineCode } from '../src/report/gfm.js';
import { REPRODUCTIONS } from './reproductions-list.js';

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
  // The date and the load average go into docs/reproductions.md with the table: the
  // counts do not depend on load, the timings in "what it showed" do.
  const [loadStart = 0] = os.loadavg();
  const runtimes = new Set<string>();
  for (const entry of chosen) {
    const command = `muxbench ${entry.args.join(' ')}`;
    const date = new Date().toISOString().slice(0, 10);
    const row = (showed: string): string[] => [entry.thread, entry.claim, inlineCode(command), showed, date];
    if (entry.needs !== undefined || entry.showed === undefined) {
      rows.push(row(`needs ${entry.needs ?? 'a way to read its result'}`));
      continue;
    }
    process.stderr.write(`reproductions: ${entry.thread}: ${command}\n`);
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'muxbench-repro-'));
    try {
      const ran = await runMuxbench(entry.args, outDir);
      const file = readdirSync(outDir).find((f) => f.endsWith('.json'));
      if (file === undefined) {
        const line = ran.stderr.trim().split('\n').at(-1) ?? '';
        rows.push(row(`did not run (exit ${ran.code}): ${line}`));
        continue;
      }
      const results = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as Results;
      rows.push(row(entry.showed(results)));
      for (const run of results.runs) {
        const r = run.runtime;
        if (r !== undefined && r.id !== NATIVE_RUNTIME_ID) runtimes.add(`${r.id} (${r.engine !== undefined ? `${r.engine} ${r.engineVersion ?? '?'}` : `Node ${r.node}`})`);
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  const load = `load average ${loadStart.toFixed(1)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end on ${os.availableParallelism()} cores`;
  process.stdout.write(`Last run: ${new Date().toISOString().slice(0, 10)}, ${[...runtimes].join(', ') || 'nothing ran'}; ${load}.\n\n`);
  process.stdout.write(`${gfmTable(['thread', 'what it reports', 'command', 'what it showed', 'date'], rows).join('\n')}\n`);
}

await main();
