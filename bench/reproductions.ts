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
import type { Results } from '../src/results.js';
import { gfmTable } from '../src/report/gfm.js';
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
