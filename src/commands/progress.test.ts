import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { RunEvent } from '../run/runner.js';
import { http2SingleSession } from '../strategies/http2-single-session.js';
import { createProgress, progressEnabled, progressLine } from './progress.js';

function stream(isTTY: boolean): { text: () => string; isTTY: boolean; columns: number; write: (t: string) => boolean } {
  const chunks: string[] = [];
  return { isTTY, columns: 100, write: (t) => chunks.push(t) > 0, text: () => chunks.join('') };
}

function events(result: CaseResult): RunEvent[] {
  const scenario = fixtureResults().scenarios[0]!;
  return [
    { type: 'case-start', index: 0, total: 2, planned: { scenario, strategy: http2SingleSession, repetition: 0 } },
    { type: 'case-done', index: 0, total: 2, result },
  ];
}

describe('progressLine', () => {
  it('shows done/total, the case, elapsed and remaining time', () => {
    expect(progressLine({ done: 5, total: 20, current: 'burst undici-h2 #1', elapsedMs: 10_000 }, 100)).toBe(
      '[#####...............] 5/20 burst undici-h2 #1 · 10 s, ~30 s left',
    );
    expect(progressLine({ done: 0, total: 20, current: 'seed fetch #1', elapsedMs: 2_400 }, 100)).toBe(
      '[....................] 0/20 seed fetch #1 · 2 s',
    );
  });

  it('fits the terminal width', () => {
    const line = progressLine({ done: 1, total: 2, current: 'x'.repeat(200), elapsedMs: 0 }, 60);
    expect(line.length).toBe(59);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('createProgress', () => {
  it('draws nothing when piped, in CI or when quiet', () => {
    expect(progressEnabled({ isTTY: false, write: () => true }, false, {})).toBe(false);
    expect(progressEnabled({ isTTY: true, write: () => true }, false, { CI: 'true' })).toBe(false);
    expect(progressEnabled({ isTTY: true, write: () => true }, true, {})).toBe(false);
    expect(progressEnabled({ isTTY: true, write: () => true }, false, {})).toBe(true);
    const piped = stream(false);
    const p = createProgress({ stream: piped, quiet: false, env: {}, showAfterMs: 0 });
    for (const e of events(fixtureResults().runs[0]!)) p.onEvent(e);
    p.finish();
    expect(piped.text()).toBe('');
  });

  it('on a terminal, waits a few seconds before drawing, then draws and clears the bar', () => {
    let now = 0;
    const tty = stream(true);
    const p = createProgress({ stream: tty, quiet: false, env: {}, now: () => now });
    const [start, done] = events(fixtureResults().runs[0]!);
    p.onEvent(start!);
    expect(tty.text()).toBe(''); // a short run shows no bar at all
    now = 3000;
    p.onEvent(done!);
    p.finish();
    expect(tty.text()).toBe('\r\u001b[K[##########..........] 1/2 seed http2-single-session #1 · 3 s, ~3 s left\r\u001b[K');
  });

  it('uses 80 columns when the terminal reports no width (e.g. under script(1))', () => {
    let now = 0;
    const tty = { ...stream(true), columns: 0 };
    const chunks: string[] = [];
    tty.write = (t: string) => chunks.push(t) > 0;
    const p = createProgress({ stream: tty, quiet: false, env: {}, now: () => now });
    const [start, done] = events(fixtureResults().runs[0]!);
    p.onEvent(start!);
    now = 3000;
    p.onEvent(done!);
    expect(chunks.join('')).toContain('[##########..........] 1/2 seed http2-single-session #1');
    p.finish();
  });

  it('prints a case that could not run above the bar', () => {
    const tty = stream(true);
    const p = createProgress({ stream: tty, quiet: false, env: {}, showAfterMs: 1e9 });
    const failed: CaseResult = { ...fixtureResults().runs[0]!, status: 'error', error: { code: 'MUXBENCH_CASE_TIMEOUT', message: 'case did not finish' } };
    for (const e of events(failed)) p.onEvent(e);
    p.finish();
    expect(tty.text()).toBe('✗ seed http2-single-session #1: MUXBENCH_CASE_TIMEOUT case did not finish\n');
  });
});
