/**
 * The programmatic API in-process: run() returns the results object and reports every
 * case through onEvent; a bad option throws the CLI's one-line UsageError; compare()
 * returns the comparison and the gate's exit code. One real case against the real local
 * ping server (quick burst), so this stays a few seconds.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compare, run, type RunEvent } from './index.js';
import { UsageError } from './errors.js';

const baseline = fileURLToPath(new URL('../results/baseline.json', import.meta.url));

describe('the programmatic API', () => {
  it('run() returns the results, emits each case as it starts and finishes, and prints the table only to the stdout given', async () => {
    const events: RunEvent[] = [];
    const printed: string[] = [];
    const results = await run({
      scenario: 'burst',
      strategies: 'http2-single-session',
      quick: true,
      concurrency: '4',
      'no-write': true,
      onEvent: (e) => events.push(e),
      stdout: (t) => printed.push(t),
    });
    expect(printed.join('')).toContain('http2-single-session');
    expect(results.runs).toHaveLength(1);
    expect(results.runs[0]).toMatchObject({ strategy: 'http2-single-session', scenario: 'burst', status: 'ok' });
    expect(events.map((e) => e.type)).toEqual(['case-start', 'case-done']);
    const done = events[1];
    expect(done?.type === 'case-done' ? done.result : undefined).toBe(results.runs[0]);
    expect(results.command).toBe('muxbench (API)');
  });

  it('validates options as the command line does', async () => {
    await expect(run({ concurrency: 'abc' })).rejects.toThrow(UsageError);
    await expect(run({ scenario: 'nope', 'no-write': true })).rejects.toThrow(/unknown scenario 'nope'|scenario/);
  });

  it('compare() returns the comparison and the exit code of the gate', async () => {
    const text: string[] = [];
    const { comparison, exitCode } = await compare({ base: baseline, next: baseline, failOnRegression: '5%', stdout: (t) => text.push(t) });
    expect(exitCode).toBe(0);
    expect(comparison.base.label).toBe(baseline);
    expect(text.join('')).toMatch(/^compare: /);
    await expect(compare({ base: baseline, a: 'x' })).rejects.toThrow(/--a and --b go together/);
  });
});
