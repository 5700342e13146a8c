/**
 * The fault panel: muxbench against servers that misbehave the way real ones do
 * (test/support/misbehaving-servers.ts, test-only). For each fault: the run ends within
 * its bound (a hang would exceed it), failures are counted by error code in the results,
 * the results file is complete and valid JSON, the output names the failures without a
 * stack trace, and the exit code is the documented one (docs/faults.md).
 *
 * Small on purpose (two strategies, burst at C = 20, --quick, one repetition), so the
 * whole panel stays well under a minute on a quiet 2-core machine.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../src/results.js';
import { runCli } from './support/cli.js';
import { startMisbehavingServer, type Fault } from './support/misbehaving-servers.js';

const STRATEGIES = ['http2-single-session', 'undici-h2'];
/** Per request: a request the server never answers fails after this, not after the 10 s default. */
const REQUEST_TIMEOUT_MS = 500;
/** The bound on each fault's whole run (CLI start-up included); a hang would exceed it. */
const RUN_BOUND_MS = 45_000;

interface Row {
  fault: Fault;
  exit: 0 | 1;
  /** Some request must fail, counted under one of these codes. */
  failsWith?: RegExp;
}

const rows: Row[] = [
  { fault: 'goaway-graceful', exit: 0 },
  { fault: 'goaway-error', exit: 0 },
  { fault: 'rst-stream', exit: 0, failsWith: /^ERR_HTTP2_STREAM_ERROR$/ },
  { fault: 'refused-stream', exit: 0, failsWith: /^ERR_HTTP2_STREAM_ERROR$/ },
  { fault: 'crash', exit: 0, failsWith: /^(ECONNREFUSED|ECONNRESET|ERR_HTTP2_STREAM_ERROR|ERR_HTTP2_STREAM_CANCEL|ERR_HTTP2_SESSION_ERROR|UND_ERR_SOCKET|ERR_HTTP2_GOAWAY_SESSION)$/ },
  { fault: 'never-answer', exit: 0, failsWith: /^TimeoutError$/ },
  { fault: 'http1-only', exit: 0 },
  { fault: 'tls-stall', exit: 0, failsWith: /^TimeoutError$/ },
  { fault: 'close-mid-body', exit: 0, failsWith: /^(ERR_HTTP2_STREAM_ERROR|ERR_HTTP2_STREAM_CANCEL|ERR_HTTP2_SESSION_ERROR|UND_ERR_SOCKET|ECONNRESET|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)$/ },
];

let dir: string;
const measured: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-faults-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  // The measured table of docs/faults.md comes from these lines.
  if (process.env.MUXBENCH_FAULT_TABLE) console.log(measured.join('\n'));
});

describe('fault panel', () => {
  for (const row of rows) {
    it(`${row.fault}: bounded, counted by code, results complete, exit ${row.exit}`, async () => {
      const server = await startMisbehavingServer(row.fault);
      const out = path.join(dir, row.fault);
      const started = performance.now();
      try {
        const run = await runCli(
          [
            'run', '--node', 'current', '--url', server.origin, '--ca', server.caPath,
            '--scenario', 'burst', '--concurrency', '20', '--quick', '--repetitions', '1',
            '--strategies', STRATEGIES.join(','), '--request-timeout', String(REQUEST_TIMEOUT_MS),
            '--out', out, '--quiet',
          ],
          RUN_BOUND_MS,
        );
        const wallMs = performance.now() - started;
        expect(run.code, run.stderr).toBe(row.exit);
        expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
        // --quiet: stderr is for errors only, and a fault in the server is a result, not an error.
        expect(run.stderr).toBe('');

        const files = (await readdir(out)).filter((f) => f.endsWith('.json'));
        expect(files).toHaveLength(1);
        const results = JSON.parse(await readFile(path.join(out, files[0]!), 'utf8')) as Results;
        expect(results.finishedAt).not.toBeNull();
        expect(results.interrupted).toBeUndefined();
        expect(results.runs.map((r) => r.strategy).sort()).toEqual([...STRATEGIES].sort());
        for (const r of results.runs) {
          // Every failed request is counted, under its code.
          const counted = Object.values(r.requests.errors).reduce((a, b) => a + b, 0);
          expect(counted).toBe(r.status === 'error' ? Math.max(1, r.requests.failed) : r.requests.failed);
        }
        const codes = new Map<string, number>();
        for (const r of results.runs) for (const [code, n] of Object.entries(r.requests.errors)) codes.set(code, (codes.get(code) ?? 0) + n);
        if (row.failsWith) {
          const matching = [...codes].filter(([code]) => row.failsWith!.test(code));
          expect(matching.length, JSON.stringify([...codes])).toBeGreaterThan(0);
          // The table says so, by code.
          for (const [code] of matching) expect(run.stdout).toContain(code);
        }
        const perStrategy = results.runs
          .map((r) => `${r.strategy}: ${r.requests.failed}/${r.requests.total} failed${Object.keys(r.requests.errors).length ? ` (${Object.entries(r.requests.errors).map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}`)
          .join('; ');
        measured.push(`| ${row.fault} | ${(wallMs / 1000).toFixed(1)} s | ${perStrategy} | ${run.code} |`);
      } finally {
        await server.close();
      }
    });
  }
});
