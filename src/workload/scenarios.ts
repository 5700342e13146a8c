/**
 * Named scenarios. Round budgets: tinybench runs until BOTH `maxTimeMs` and `min` rounds
 * are reached, so `min` bounds the slow strategies (a session-per-request round pays 100
 * handshakes) and `maxTimeMs` the fast ones; the runner adds a hard cap on top. A round sends `delaysMs.length` pings at once (one per delay) and waits
 * for all of them; the cold first round is kept apart from the warm rounds after it.
 */
import type { ScenarioInfo, SustainedBudget } from '../results.js';

export interface Scenario extends ScenarioInfo {
  /** Shorter round budget for --quick. */
  quickRounds: ScenarioInfo['rounds'];
  /** Shorter sustained budget for --quick (sustained scenarios only). */
  quickSustained?: SustainedBudget;
}

const repeat = (n: number, delayMs: number): number[] => Array.from({ length: n }, () => delayMs);

/** The concurrency sweep: the same ping at C = 1 … 1000, short rounds so the whole sweep stays bounded. */
export const SWEEP_GROUP = 'sweep';
export const SWEEP_CONCURRENCIES = [1, 3, 10, 30, 100, 300, 1000] as const;

function sweepScenarios(): Scenario[] {
  return SWEEP_CONCURRENCIES.map((c) => ({
    id: `sweep-c${c}`,
    description: `concurrency sweep: ${c} concurrent ping${c === 1 ? '' : 's'}, 10 ms server delay`,
    concurrency: c,
    delaysMs: repeat(c, 10),
    // Bounded: a cold round, 1 warm-up round, then 5 rounds or 500 ms, whichever is more
    // (2 rounds from C = 300 up, where one round can take seconds; 2 rounds or 150 ms with
    // --quick); the runner stops the measured phase after 7 s whatever happens.
    rounds: { warmup: 1, min: c >= 300 ? 2 : 5, maxTimeMs: 500 },
    quickRounds: { warmup: 1, min: 2, maxTimeMs: 150 },
    group: SWEEP_GROUP,
  }));
}

export const scenarios: readonly Scenario[] = [
  {
    id: 'seed',
    description: '3 concurrent pings with server delays 5, 10 and 15 ms (the report that started muxbench)',
    concurrency: 3,
    delaysMs: [5, 10, 15],
    rounds: { warmup: 3, min: 20, maxTimeMs: 300 },
    quickRounds: { warmup: 1, min: 5, maxTimeMs: 100 },
  },
  {
    id: 'burst',
    description: '100 concurrent pings, 10 ms server delay',
    concurrency: 100,
    delaysMs: repeat(100, 10),
    rounds: { warmup: 2, min: 6, maxTimeMs: 700 },
    quickRounds: { warmup: 1, min: 3, maxTimeMs: 150 },
  },
  {
    id: 'throughput',
    description: '100 pings kept in flight for 1.2 s after a cold round and 0.3 s warm-up, no server delay',
    concurrency: 100,
    delaysMs: repeat(100, 0),
    // Sustained, as h2load -c 1 -m 100 -D: a round barrier would make every round wait
    // for its slowest request, which is not what a throughput figure is about. The round
    // budget is kept (same time) for the rounds shape of `npm run bench:overhead`.
    shape: 'sustained',
    sustained: { warmupMs: 300, durationMs: 1200, windows: 6 },
    quickSustained: { warmupMs: 100, durationMs: 250, windows: 5 },
    rounds: { warmup: 3, min: 8, maxTimeMs: 1200 },
    quickRounds: { warmup: 2, min: 5, maxTimeMs: 250 },
  },
  ...sweepScenarios(),
];

/** Scenario ids run when none are named: everything except the sweep, which is asked for by name. */
export function defaultScenarioIds(): string[] {
  return scenarios.filter((s) => s.group === undefined).map((s) => s.id);
}

/** Expands a group name ('sweep') into its scenario ids; other ids pass through. */
export function expandScenarioIds(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const members = scenarios.filter((s) => s.group === id).map((s) => s.id);
    out.push(...(members.length > 0 ? members : [id]));
  }
  return [...new Set(out)];
}

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

/**
 * The same scenario with another concurrency (--concurrency): delays are taken
 * round-robin from the original schedule so the mix of delays stays the same.
 */
export function withConcurrency(scenario: Scenario, concurrency: number): Scenario {
  if (concurrency === scenario.concurrency) return scenario;
  const delaysMs = Array.from({ length: concurrency }, (_, i) => scenario.delaysMs[i % scenario.delaysMs.length] ?? 0);
  return { ...scenario, concurrency, delaysMs };
}

/** The ScenarioInfo a run actually used (quick or full round budget). */
export function effectiveScenario(scenario: Scenario, quick: boolean): ScenarioInfo {
  const { quickRounds, quickSustained, ...info } = scenario;
  if (!quick) return info;
  return { ...info, rounds: quickRounds, ...(quickSustained !== undefined ? { sustained: quickSustained } : {}) };
}

/** The same scenario in the rounds shape (its round budget), e.g. to compare both shapes. */
export function asRounds(scenario: ScenarioInfo): ScenarioInfo {
  const { sustained: _sustained, ...info } = scenario;
  return { ...info, shape: 'rounds' };
}
