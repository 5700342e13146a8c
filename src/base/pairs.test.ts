import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import type { PlannedCase } from '../run/plan.js';
import { PrecisionScheduler } from '../run/schedule.js';
import { parseGateRow } from '../gate-rows.js';
import { alternatePairs, baseGate } from './pairs.js';
import { baseId } from './materialise.js';

const scenario = fixtureResults().scenarios[0]! as ScenarioInfo;
const pairs = [{ base: 'client@v1', next: 'client' }];
const named = (id: string): Strategy => ({ ...findStrategy('http2-single-session')!, id });
// As prepareRun orders them: the previous version just before its new one, then the rest.
const template: PlannedCase[] = ['client@v1', 'client', 'undici-h2'].map((id) => ({ scenario, strategy: named(id), repetition: 0 }));

/** A run of `strategy` with p50, p99 and throughput scaled by `k`. */
function run(strategy: string, repetition: number, k: number): CaseResult {
  const r = structuredClone(fixtureResults().runs.find((x) => x.scenario === scenario.id && x.strategy === 'http2-single-session')!);
  return { ...r, strategy, repetition, latencyMs: { ...r.latencyMs, p50: 10 * k, p99: 20 * k }, throughputRps: 100 / k };
}

describe('baseGate', () => {
  it('gates p50 and throughput of the new strategy in every scenario when no row is declared', () => {
    expect(baseGate([], pairs, false).map((g) => g.text)).toEqual(['*/client/p50', '*/client/throughput']);
  });

  it('keeps the declared rows, and for the scheduler names both sides of each pair', () => {
    const declared = [parseGateRow('burst/client/p50'), parseGateRow('burst/undici-h2/p99')];
    expect(baseGate(declared, pairs, false).map((g) => g.text)).toEqual(['burst/client/p50', 'burst/undici-h2/p99']);
    expect(baseGate(declared, pairs, true).map((g) => g.text)).toEqual(['burst/client/p50', 'burst/undici-h2/p99', 'burst/client@v1/p50']);
    expect(baseGate([parseGateRow('*/client@v1/throughput')], pairs, true).map((g) => g.text)).toEqual(['*/client@v1/throughput', '*/client/throughput']);
  });

  it('gives both sides of a pair the same repetitions under --precision, and the rows not gated the minimum', () => {
    let t = 0;
    const s = new PrecisionScheduler(template, { target: 0.03, maxTimeMs: 1_000_000, minRepetitions: 3, gate: baseGate([], pairs, true) }, () => t);
    const runs: CaseResult[] = [];
    // The previous client is steady; the new one swings ±10 % and keeps both going; undici-h2 swings too, but is not gated.
    const swing = (c: PlannedCase): number => (c.strategy.id === 'client@v1' ? 1 + c.repetition * 0.001 : [1, 1.1, 0.9, 1.05, 0.95][c.repetition % 5]!);
    for (let batch = s.first(); batch.length > 0 && runs.length < 60; batch = s.next(runs)) {
      for (const c of batch) {
        t += 1000;
        runs.push(run(c.strategy.id, c.repetition, swing(c)));
      }
    }
    const reps = (id: string): number[] => runs.filter((r) => r.strategy === id).map((r) => r.repetition);
    expect(reps('client').length).toBeGreaterThan(3);
    expect(reps('client@v1')).toEqual(reps('client'));
    expect(reps('undici-h2')).toEqual([0, 1, 2]);
  });
});

describe('alternatePairs', () => {
  const batch = (repetitions: number[]): PlannedCase[] =>
    repetitions.flatMap((repetition) => template.map((c) => ({ ...c, repetition })));
  const order = (cases: PlannedCase[]): string[] => cases.map((c) => `${c.repetition}:${c.strategy.id}`);

  it('puts the previous version first in even repetitions and second in odd ones, leaving the rest in place', () => {
    expect(order(alternatePairs(batch([0, 1, 2, 3]), pairs))).toEqual([
      '0:client@v1', '0:client', '0:undici-h2',
      '1:client', '1:client@v1', '1:undici-h2',
      '2:client@v1', '2:client', '2:undici-h2',
      '3:client', '3:client@v1', '3:undici-h2',
    ]);
  });

  it('swaps within one scenario and runtime variant only', () => {
    const other = { ...scenario, id: 'burst' };
    const cases: PlannedCase[] = [
      { scenario, strategy: named('client@v1'), repetition: 1 },
      { scenario: other, strategy: named('client'), repetition: 1 },
      { scenario, strategy: named('client'), repetition: 1 },
    ];
    expect(alternatePairs(cases, pairs).map((c) => `${c.scenario.id}:${c.strategy.id}`)).toEqual([`${scenario.id}:client`, 'burst:client', `${scenario.id}:client@v1`]);
  });
});

describe('baseId', () => {
  it('names the previous version <id>@<ref>, with a ref made fit for an id and a gate row', () => {
    expect(baseId('my-client', { kind: 'ref', ref: 'v1.4.0' })).toBe('my-client@v1.4.0');
    expect(baseId('my-client', { kind: 'ref', ref: 'release/1.4' })).toBe('my-client@release-1.4');
    expect(baseId('my-client', { kind: 'ref', ref: 'HEAD~1' })).toBe('my-client@HEAD-1');
    expect(baseId('my-client', { kind: 'dir', dir: '/tmp/prev' })).toBe('my-client@base');
    expect(parseGateRow(`burst/${baseId('my-client', { kind: 'ref', ref: 'origin/main^' })}/p50`).strategy).toBe('my-client@origin-main');
  });
});
