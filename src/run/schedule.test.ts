import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { findStrategy } from '../strategies/registry.js';
import type { PlannedCase } from './plan.js';
import { PrecisionScheduler, rowPrecision } from './schedule.js';
import { parseGateRow } from '../gate-rows.js';
import { H2LOAD_ID, h2loadRow } from '../reference/h2load.js';
import type { Variant } from '../runtimes/types.js';
import { plannedRuntime } from './case-result.js';

const scenario = fixtureResults().scenarios[0]! as ScenarioInfo;
const template: PlannedCase[] = ['http2-single-session', 'undici-h2'].map((id) => ({ scenario, strategy: findStrategy(id)!, repetition: 0 }));

/** A run of `strategy` with every metric scaled by `k`. */
function run(strategy: string, repetition: number, k: number): CaseResult {
  const r = structuredClone(fixtureResults().runs.find((x) => x.scenario === scenario.id && x.strategy === 'http2-single-session')!);
  return { ...r, strategy, repetition, latencyMs: { ...r.latencyMs, p50: 10 * k, p99: 20 * k }, throughputRps: 100 / k };
}

describe('PrecisionScheduler', () => {
  it('adds repetitions, interleaved, only to rows not yet within target', () => {
    let t = 0;
    const s = new PrecisionScheduler(template, { target: 0.03, maxTimeMs: 1_000_000, minRepetitions: 3 }, () => t);
    const runs: CaseResult[] = [];
    const exec = (batch: PlannedCase[], k: (c: PlannedCase) => number): void => {
      for (const c of batch) {
        t += 1000;
        runs.push(run(c.strategy.id, c.repetition, k(c)));
      }
    };
    expect(s.first().map((c) => `${c.strategy.id}#${c.repetition}`)).toEqual(['http2-single-session#0', 'undici-h2#0']);
    // http2-single-session is steady (±0.1 %), undici-h2 swings ±10 %.
    const swing = (c: PlannedCase): number => (c.strategy.id === 'undici-h2' ? [1, 1.1, 0.9, 1.05, 0.95][c.repetition % 5]! : 1 + c.repetition * 0.001);
    exec(s.first(), swing);
    let batch = s.next(runs);
    expect(batch.map((c) => `${c.strategy.id}#${c.repetition}`)).toEqual(['http2-single-session#1', 'undici-h2#1']);
    exec(batch, swing);
    exec(s.next(runs), swing);
    // Three repetitions each: the steady row is within ±3 %, the swinging one is not.
    expect(rowPrecision(runs.filter((r) => r.strategy === 'http2-single-session'))).toBeLessThan(0.03);
    batch = s.next(runs);
    expect(batch.map((c) => `${c.strategy.id}#${c.repetition}`)).toEqual(['undici-h2#3']);
  });

  it('stops when the next batch would overrun the time budget, and says so', () => {
    let t = 0;
    const s = new PrecisionScheduler(template, { target: 0.001, maxTimeMs: 5_500, minRepetitions: 3 }, () => t);
    const runs: CaseResult[] = [];
    let batch = s.first();
    while (batch.length > 0) {
      for (const c of batch) {
        t += 1000;
        runs.push(run(c.strategy.id, c.repetition, [1, 1.2, 0.8][c.repetition % 3]!));
      }
      batch = s.next(runs);
    }
    // 1 s per case, 5.5 s budget: 5 cases, never a case started past the budget.
    expect(runs).toHaveLength(5);
    expect(t).toBeLessThanOrEqual(5_500);
    expect(s.summary(runs)).toMatchObject({ stoppedBy: 'max-time', rows: 2, rowsWithinTarget: 0 });
  });

  it('gives every row its minimum before any row gets more, when the budget cuts a batch', () => {
    let t = 0;
    const s = new PrecisionScheduler(template, { target: 0.03, maxTimeMs: 1_000_000, minRepetitions: 3 }, () => t);
    // http2-single-session has 3 noisy repetitions, undici-h2 only 1: the next batch starts with undici-h2.
    const runs = [0, 1, 2].map((i) => run('http2-single-session', i, [1, 1.3, 0.7][i]!)).concat([run('undici-h2', 0, 1)]);
    t = 4000;
    expect(s.next(runs).map((c) => `${c.strategy.id}#${c.repetition}`)).toEqual(['undici-h2#1', 'http2-single-session#3']);
  });

  it('with a gate, the budget goes to the gated rows: the others get the minimum, the gated row the rest', () => {
    const spend = (gate: string[] | undefined): Record<string, number> => {
      let t = 0;
      const s = new PrecisionScheduler(
        template,
        { target: 0.001, maxTimeMs: 20_500, minRepetitions: 3, ...(gate ? { gate: gate.map((g) => parseGateRow(g)) } : {}) },
        () => t,
      );
      const runs: CaseResult[] = [];
      // Both rows swing ±20 %: neither reaches ±0.1 %, so only the budget stops the run.
      for (let batch = s.first(); batch.length > 0; batch = s.next(runs)) {
        for (const c of batch) {
          t += 1000;
          runs.push(run(c.strategy.id, c.repetition, [1, 1.2, 0.8][c.repetition % 3]!));
        }
      }
      const count: Record<string, number> = {};
      for (const r of runs) count[r.strategy] = (count[r.strategy] ?? 0) + 1;
      return count;
    };
    // 20 cases of budget. No gate: shared evenly.
    expect(spend(undefined)).toEqual({ 'http2-single-session': 10, 'undici-h2': 10 });
    // Gated on undici-h2's p50: http2-single-session keeps its minimum of 3, undici-h2 gets 17.
    expect(spend([`${scenario.id}/undici-h2/p50`])).toEqual({ 'http2-single-session': 3, 'undici-h2': 17 });
  });

  it('gated rows move together: one gated row short of the target keeps every gated row going (pairs stay whole)', () => {
    let t = 0;
    const s = new PrecisionScheduler(
      template,
      { target: 0.03, maxTimeMs: 1_000_000, minRepetitions: 3, gate: [parseGateRow(`${scenario.id}/*/p50`)] },
      () => t,
    );
    const runs: CaseResult[] = [];
    const swing = (c: PlannedCase): number => (c.strategy.id === 'undici-h2' ? [1, 1.1, 0.9, 1.05, 0.95][c.repetition % 5]! : 1 + c.repetition * 0.001);
    for (let i = 0; i < 3; i++) {
      for (const c of i === 0 ? s.first() : s.next(runs)) {
        t += 1000;
        runs.push(run(c.strategy.id, c.repetition, swing(c)));
      }
    }
    // The steady row is within target, the swinging one not: both get repetition 3.
    expect(s.next(runs).map((c) => `${c.strategy.id}#${c.repetition}`)).toEqual(['http2-single-session#3', 'undici-h2#3']);
  });

  it('the native reference (h2load) on a runtime variant counts its repetitions like every row', () => {
    // Planned on the run's variant, recorded on no Node ('native'): the row must still find its results.
    const variant: Variant = { id: 'node26', node: { id: 'node26', bin: '/bin/false', version: '26.0.0' }, librariesDir: '/nonexistent', packages: {} };
    const rows: PlannedCase[] = [
      { scenario, strategy: findStrategy('http2-single-session')!, repetition: 0, variant },
      { scenario, strategy: h2loadRow.strategy, runner: h2loadRow.runner, repetition: 0, variant },
    ];
    let t = 0;
    const s = new PrecisionScheduler(rows, { target: 0.03, maxTimeMs: 1_000_000, minRepetitions: 3 }, () => t);
    const runs: CaseResult[] = [];
    for (let batch = s.first(), i = 0; batch.length > 0 && i < 3; batch = s.next(runs), i++) {
      for (const c of batch) {
        t += 1000;
        runs.push({ ...run(c.strategy.id, c.repetition, 1 + c.repetition * 0.3), runtime: plannedRuntime(c) });
      }
    }
    const of = (id: string): number[] => runs.filter((r) => r.strategy === id).map((r) => r.repetition);
    expect(of(H2LOAD_ID)).toEqual([0, 1, 2]);
    expect(of('http2-single-session')).toEqual([0, 1, 2]);
  });
});

