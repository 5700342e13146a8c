import { describe, expect, it } from 'vitest';
import type { ScenarioInfo } from '../results.js';
import type { Variant } from '../runtimes/types.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import { asDefaultRun, effectiveScenario, findScenario, scenarios, type Scenario } from '../workload/scenarios.js';
import { planCases } from './plan.js';

const variant = (id: string): Variant => ({ id, node: { id, bin: '/bin/node', version: '26.10.0' }, librariesDir: '/tmp', packages: {} });
const strategy = (id: string): { strategy: Strategy } => {
  const found = findStrategy(id);
  if (!found) throw new Error(id);
  return { strategy: found };
};

describe('planCases with variants', () => {
  const plan = planCases(scenarios.slice(0, 2), [strategy('undici-h2'), strategy('fetch')], 2, [variant('node20'), variant('node26')]);
  const key = (c: (typeof plan)[number]): string => `${c.repetition}/${c.scenario.id}/${c.strategy.id}/${c.variant?.id ?? '-'}`;

  it('has every repetition × scenario × strategy × variant once', () => {
    expect(plan).toHaveLength(2 * 2 * 2 * 2);
    expect(new Set(plan.map(key)).size).toBe(plan.length);
  });

  it('alternates variants within each strategy, never all of one variant first', () => {
    const first = plan.slice(0, 4).map((c) => `${c.strategy.id}@${c.variant?.id}`);
    expect(first).toEqual(['undici-h2@node20', 'undici-h2@node26', 'fetch@node20', 'fetch@node26']);
  });

  it('flips the variant order every repetition', () => {
    const rep1 = plan.filter((c) => c.repetition === 1).slice(0, 2).map((c) => c.variant?.id);
    expect(rep1).toEqual(['node26', 'node20']);
  });

  it('without variants plans as before (one case per strategy)', () => {
    const plain = planCases(scenarios.slice(0, 1), [strategy('fetch')], 1);
    expect(plain).toHaveLength(1);
    expect(plain[0]?.variant).toBeUndefined();
  });
});

describe('plan on Bun and Deno', () => {
  const engine = (id: 'bun' | 'deno'): Variant => ({ id, node: { id, bin: `/cache/${id}`, version: '1.4.5', engine: id }, librariesDir: '/tmp', packages: {} });
  const named = (id: string): Strategy => ({ id, label: id, library: 'x', intent: 'one-connection', configuration: 'defaults', open: () => Promise.reject(new Error('not opened')) });
  const scenario = (extra: Partial<ScenarioInfo> = {}): ScenarioInfo => ({ id: 's', description: '', concurrency: 2, delaysMs: [0, 0], rounds: { warmup: 0, min: 1, maxTimeMs: 1 }, ...extra });

  it('runs the strategies the harness expresses through the harness, and Node variants through the worker', () => {
    const cases = planCases([scenario()], [{ strategy: named('fetch') }], 1, [variant('node26'), engine('bun'), engine('deno')]);
    expect(cases.map((c) => [c.variant?.id, c.runner?.kind, c.skipReason])).toEqual([
      ['node26', undefined, undefined],
      ['bun', 'harness', undefined],
      ['deno', 'harness', undefined],
    ]);
  });

  it('skips, with the reason, what the harness cannot run: other strategies, strategy files, sustained and idle shapes', () => {
    const reasons = (s: ScenarioInfo, chosen: { strategy: Strategy; file?: string }) => planCases([s], [chosen], 1, [engine('bun')]).map((c) => c.skipReason);
    expect(reasons(scenario(), { strategy: named('undici-h2') })).toEqual([expect.stringMatching(/^not run on Bun: its harness runs fetch, http2-single-session/)]);
    expect(reasons(scenario(), { strategy: named('fetch'), file: '/x/s.mjs' })).toEqual([expect.stringMatching(/strategy files run on Node only/)]);
    expect(reasons(scenario({ shape: 'sustained' }), { strategy: named('fetch') })).toEqual([expect.stringMatching(/plain closed-loop rounds only/)]);
    expect(reasons(scenario({ idleMs: [100] }), { strategy: named('fetch') })).toEqual([expect.stringMatching(/plain closed-loop rounds only/)]);
  });
});

describe('a scenario with a strategy subset (the default run of seed-rtt20)', () => {
  const named = (id: string): Strategy => ({ id, label: id, library: 'x', intent: 'pool', configuration: 'defaults', open: () => Promise.reject(new Error('not opened')) });
  const rtt = effectiveScenario(findScenario('seed-rtt20') as Scenario, false);
  const chosen = [strategy('http2-single-session'), strategy('undici-h2'), strategy('https-keepalive'), strategy('http2-session-per-request'), strategy('got-h2')];
  const ids = (s: ScenarioInfo, extra: Array<{ strategy: Strategy; file?: string; runner?: { kind: 'client-cmd'; command: string; timeoutMs: number } }> = []) =>
    planCases([s], [...chosen, ...extra], 1).map((c) => c.strategy.id);

  it('runs one built-in strategy per connection behaviour, in the run order, when the scenarios are not named', () => {
    const subset = asDefaultRun(rtt);
    expect(subset.strategies).toEqual(['http2-single-session', 'https-keepalive', 'http2-session-per-request']);
    expect(ids(subset)).toEqual(['http2-single-session', 'https-keepalive', 'http2-session-per-request']);
    // One of each intent the registry knows.
    const intents = new Set(subset.strategies!.map((id) => findStrategy(id)!.intent));
    expect([...intents].sort()).toEqual(['connection-per-request', 'one-connection', 'pool']);
  });

  it('named (--scenario seed-rtt20), every chosen strategy; other scenarios never carry a subset', () => {
    expect(ids(rtt)).toEqual(chosen.map((c) => c.strategy.id));
    expect(asDefaultRun(effectiveScenario(findScenario('seed') as Scenario, false)).strategies).toBeUndefined();
  });

  it("the user's own rows (strategy files, client commands) always run", () => {
    const extra = [{ strategy: named('mine'), file: '/x/mine.mjs' }, { strategy: named('curl'), runner: { kind: 'client-cmd' as const, command: 'curl', timeoutMs: 1000 } }];
    expect(ids(asDefaultRun(rtt), extra)).toEqual(['http2-single-session', 'https-keepalive', 'http2-session-per-request', 'mine', 'curl']);
  });
});
