/**
 * A client error's message, planted in a strategy file, reaches every place a user
 * looks: the results JSON (runs[].errorDetails and the aggregate), the terminal table's
 * notes, --verbose, the Markdown, the HTML and the trace events; with --debug, the JSON
 * and the terminal also carry its stack. It crosses the worker → parent IPC and the
 * aggregation over two repetitions on the way.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { Results } from '../results.js';
import { fmtCount } from '../report/format.js';
import { renderTerminal } from '../report/terminal.js';
import type { TraceEvent } from '../trace/events.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = path.join(root, 'test', 'support', 'failing-clients.mjs');
/** Wrapped prose puts line breaks between words: compare with whitespace collapsed. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('the message of a failed request, in every format', () => {
  let dir = '';
  let out = '';
  let code = -1;
  let results: Results;
  let message = '';
  let rejected = '';

  beforeAll(async () => {
    ({ THROWN_MESSAGE: message, REJECTED_MESSAGE: rejected } = (await import(file)) as { THROWN_MESSAGE: string; REJECTED_MESSAGE: string });
    dir = await mkdtemp(path.join(tmpdir(), 'muxbench-errors-'));
    // Both of the file's strategies run: the one whose every request throws, and the one that multiplexes but refuses every fourth.
    const args = ['run', '--strategy-file', file, '--scenario', 'seed', '--quick', '--repetitions', '2'];
    args.push('--out', dir, '--html', path.join(dir, 'report.html'), '--trace-file', path.join(dir, 'trace.ndjson'), '--debug', '--quiet');
    code = await main(args, { stdout: (t) => void (out += t), stderr: () => {} });
    const json = (await readdir(dir)).find((f) => f.endsWith('.json'));
    results = JSON.parse(await readFile(path.join(dir, json ?? 'missing.json'), 'utf8')) as Results;
  }, 90_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const thrown = (): Results['runs'] => results.runs.filter((r) => r.strategy === 'throws-every-request');
  const failedIn = (runs: Results['runs']): number => runs.reduce((sum, r) => sum + r.requests.failed, 0);

  it('the run completes', () => {
    expect(code).toBe(0);
    expect(thrown()).toHaveLength(2);
  });

  it('results JSON: each run keeps the count and the message per code, the aggregate sums them over the repetitions', () => {
    for (const run of thrown()) {
      expect(run.requests.ok).toBe(0);
      expect(run.errorDetails?.TypeError?.count).toBe(run.requests.errors.TypeError);
      expect(run.errorDetails?.TypeError?.messages).toEqual([message]);
    }
    const agg = results.aggregates.find((a) => a.strategy === 'throws-every-request');
    expect(agg?.errorDetails?.TypeError?.count).toBe(failedIn(thrown()));
    expect(agg?.errorDetails?.TypeError?.messages).toEqual([message]);
    const partly = results.aggregates.find((a) => a.strategy === 'fails-some-requests');
    expect(partly?.errorDetails?.Error?.messages).toEqual([rejected]);
    expect(partly?.errorDetails?.Error?.count).toBe(partly?.requests.failed);
  });

  it('--debug: the JSON keeps the first stack, which names the strategy file, and the terminal prints it', () => {
    const stack = thrown()[0]?.errorDetails?.TypeError?.stack ?? '';
    expect(stack.split('\n')[0]).toBe(`TypeError: ${message}`);
    expect(stack).toContain('failing-clients.mjs');
    expect(out).toContain('first TypeError stack:');
    expect(out).toContain(`TypeError: ${message}`);
  });

  it("terminal: the notes under the table quote the message next to the code's count", () => {
    const n = fmtCount(failedIn(thrown()));
    expect(flat(out)).toContain(`errors: throws-every-request: ${n} of ${n} requests failed: TypeError ×${n} ("${message}").`);
    expect(flat(out)).toContain(`Error ×${fmtCount(results.aggregates.find((a) => a.strategy === 'fails-some-requests')?.requests.failed ?? NaN)} ("${rejected}")`);
  });

  it('--verbose', () => {
    expect(flat(renderTerminal(results, { verbose: true }))).toContain(`("${message}")`);
  });

  it('Markdown', async () => {
    const md = (await readdir(dir)).find((f) => f.endsWith('.md'));
    expect(await readFile(path.join(dir, md ?? 'missing.md'), 'utf8')).toContain(`("${message}")`);
  });

  it('HTML', async () => {
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain(`(&quot;${message}&quot;)`);
  });

  it('trace events: every error event carries the message', async () => {
    const events = (await readFile(path.join(dir, 'trace.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
    const errors = events.filter((e) => e.event === 'error');
    expect(errors).toHaveLength(failedIn(results.runs));
    const of = (strategy: string): TraceEvent[] => errors.filter((e) => e.strategy === strategy);
    expect(of('throws-every-request')).toHaveLength(failedIn(thrown()));
    expect(of('throws-every-request').every((e) => e.event === 'error' && e.code === 'TypeError' && e.message === message)).toBe(true);
    expect(of('fails-some-requests').every((e) => e.event === 'error' && e.code === 'Error' && e.message === rejected)).toBe(true);
  });
});
