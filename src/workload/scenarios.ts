/**
 * Named scenarios. Round budgets: tinybench runs until BOTH `maxTimeMs` and `min` rounds
 * are reached, so `min` bounds the slow strategies (a session-per-request round pays 100
 * handshakes) and `maxTimeMs` the fast ones; the runner adds a hard cap on top. A round sends `delaysMs.length` pings at once (one per delay) and waits
 * for all of them; the cold first round is kept apart from the warm rounds after it.
 */
import type { ScenarioInfo, SustainedBudget } from '../results.js';
import { definedOnly } from '../defined.js';

export interface Scenario extends ScenarioInfo {
  /** Runs only when named (--scenario), like the sweep: it waits on purpose. */
  byName?: true;
  /** The built-in strategies it runs when the scenarios are not named (ScenarioInfo.strategies); absent = all chosen. */
  defaultStrategies?: readonly string[];
  /** Shorter round budget for --quick. */
  quickRounds: ScenarioInfo['rounds'];
  /** Shorter sustained budget for --quick (sustained scenarios only). */
  quickSustained?: SustainedBudget;
}

const repeat = (n: number, delayMs: number): number[] => Array.from({ length: n }, () => delayMs);

/** Burst, idle, burst: what a keep-alive timeout (and a client reusing a connection the server is closing) does. */
export const IDLE_BURST = 'idle-burst';
const IDLE_BURST_C = 20;
/** Idle between bursts when the server's keep-alive timeout is unknown. */
const DEFAULT_IDLE_MS = 1000;

/**
 * Bursts over several origins with idle gaps between them, to see which connections a
 * client keeps, closes or reopens (docs/long-runs.md). The gaps straddle the idle
 * timeouts clients ship with: undici's keepAliveTimeout is 4 s, Node's http.globalAgent
 * (Node 19 and later) times out free sockets after 5 s; 0.5 s and 2 s are below all of
 * them, 6 s above. node:http2 sessions and an https.Agent({ keepAlive: true }) have no
 * idle timeout at all. Servers wait longer (nginx keepalive_timeout 75 s, load balancers
 * ~60 s), so --lifetime-gaps takes realistic gaps of minutes when the time is there.
 */
export const LIFETIME = 'lifetime';
const LIFETIME_GAPS_MS = [500, 2000, 6000];
const LIFETIME_ORIGINS = 3;
const LIFETIME_C = 4;

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

/**
 * DEFAULT_RUN_BUDGET: the default run (`npm run bench`: precision 3 %, 135 s) should give
 * every row 3 repetitions (t(0.975, 2) = 4.3; with 2 the interval is 3× wider). A case
 * costs its measured phase plus ~0.45 s of its own on a quiet machine (a fresh worker
 * process, the library's import, open and close, the server's counters, the results files;
 * the seed's 0.8 s cases in results/baseline.json), 1.5-3 s at load average 10-15. With 13
 * built-in strategies (+ h2load in burst and throughput) one repetition of the old sizes had
 * ~47 s of measured phases (throughput 14 rows × 2.2 s, burst 14 × ~0.72 s, seed 13 ×
 * ~0.35 s) + 41 × 0.45 s: ~65 s, 2 repetitions in 135 s. Now ~32 s (seed 4.6 s, seed-rtt20's
 * 3 rows ~2 s, burst ~7.5 s, throughput 14 × ~1.25 s) + 44 × 0.45 s: ~52 s, ~2.6
 * repetitions (docs/costs.md, "What the default run's budget holds": the rest of the way).
 */
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
    // The seed at a realistic round trip, in the default run beside the loopback seed: on
    // loopback a round trip takes ~0.05 ms, so extra connections look free; at 20 ms each
    // new TLS connection pays 2 more round trips before its first request (docs/costs.md).
    // Its cases go through a relay (runner.ts); fewer rounds than the seed, since a round
    // of http2-session-per-request takes 3 RTT + 15 ms here.
    id: 'seed-rtt20',
    description: '3 concurrent pings with server delays 5, 10 and 15 ms, at a 20 ms round trip (a relay)',
    concurrency: 3,
    delaysMs: [5, 10, 15],
    rttMs: 20,
    rounds: { warmup: 2, min: 10, maxTimeMs: 300 },
    quickRounds: { warmup: 1, min: 3, maxTimeMs: 100 },
    // In the default run (scenarios not named), one built-in strategy per connection
    // behaviour: one multiplexed connection, a keep-alive pool (a connection per concurrent
    // request), a connection per request. With all 13 the default run had 54 rows and
    // every row got 1-2 repetitions in its 135 s (measured, load 2.5); these 3 rows cost
    // ~3 s a repetition. `--scenario seed-rtt20` runs every chosen strategy.
    defaultStrategies: ['http2-single-session', 'https-keepalive', 'http2-session-per-request'],
  },
  {
    id: 'burst',
    description: '100 concurrent pings, 10 ms server delay',
    concurrency: 100,
    delaysMs: repeat(100, 10),
    // 400 ms, not 700: the default run's budget (DEFAULT_RUN_BUDGET above).
    rounds: { warmup: 2, min: 6, maxTimeMs: 400 },
    quickRounds: { warmup: 1, min: 3, maxTimeMs: 150 },
  },
  {
    id: 'throughput',
    description: '100 pings kept in flight for 0.6 s after a cold round and 0.6 s warm-up, no server delay',
    concurrency: 100,
    delaysMs: repeat(100, 0),
    // Sustained, as h2load -c 1 -m 100 -D: a round barrier would make every round wait
    // for its slowest request, which is not what a throughput figure is about. The round
    // budget is kept (same time) for the rounds shape of `npm run bench:overhead`.
    shape: 'sustained',
    // A 0.6 s warm-up, not 0.3 s: the measured window should hold the steady state, not the
    // JIT compiling the client and the harness on the second core the server needs
    // (measured, Node 26, npm run bench:overhead: harness / bare 0.82 after 0.3 s, 0.96
    // after 0.8 s; a 5 s window after 0.8 s gives 0.97). It was 1 s warm-up + 1.2 s
    // window until the default run had to give every row 3 repetitions in its budget
    // (DEFAULT_RUN_BUDGET above): longer figures come from --duration or
    // `npm run bench:overhead -- --measure-ms`. The rounds shape's 150 warm-up rounds (only
    // bench:overhead runs it) are about the same 0.6 s at 15-28k req/s.
    sustained: { warmupMs: 600, durationMs: 600, windows: 6 },
    quickSustained: { warmupMs: 100, durationMs: 250, windows: 5 },
    rounds: { warmup: 150, min: 8, maxTimeMs: 600 },
    quickRounds: { warmup: 2, min: 5, maxTimeMs: 250 },
  },
  {
    id: IDLE_BURST,
    description: `${IDLE_BURST_C} concurrent pings, idle around the server's keep-alive timeout (${DEFAULT_IDLE_MS} ms when it is not known), ${IDLE_BURST_C} again`,
    concurrency: IDLE_BURST_C,
    delaysMs: repeat(IDLE_BURST_C, 1),
    idleMs: [DEFAULT_IDLE_MS],
    // Each round waits out an idle period, so the budget is rounds, not time: the runner
    // adds the idle time to its hard bound (case-runners.ts).
    rounds: { warmup: 0, min: 6, maxTimeMs: 1 },
    quickRounds: { warmup: 0, min: 3, maxTimeMs: 1 },
    byName: true,
  },
  {
    id: LIFETIME,
    description: lifetimeDescription(LIFETIME_C, LIFETIME_ORIGINS, LIFETIME_GAPS_MS),
    concurrency: LIFETIME_C,
    delaysMs: repeat(LIFETIME_C, 1),
    lifetime: { origins: LIFETIME_ORIGINS, gapsMs: LIFETIME_GAPS_MS },
    // One burst per gap, nothing timed by rounds: the runner adds the gaps to its hard bound.
    rounds: { warmup: 0, min: LIFETIME_GAPS_MS.length, maxTimeMs: 1 },
    quickRounds: { warmup: 0, min: LIFETIME_GAPS_MS.length, maxTimeMs: 1 },
    byName: true,
  },
  ...sweepScenarios(),
];

function lifetimeDescription(c: number, origins: number, gapsMs: readonly number[]): string {
  return `${c} concurrent pings to each of ${origins} origin${origins === 1 ? '' : 's'}, then idle ${gapsMs.join('/')} ms in turn after each burst; the server counts the connections kept, closed and open at the end`;
}

/** The lifetime scenario with other gaps (--lifetime-gaps) or origins: a burst per gap, the last gap ends the case. */
export function withLifetime(scenario: ScenarioInfo, change: { gapsMs?: number[]; origins?: number }): ScenarioInfo {
  if (scenario.lifetime === undefined) return scenario;
  const lifetime = { origins: change.origins ?? scenario.lifetime.origins, gapsMs: change.gapsMs ?? scenario.lifetime.gapsMs };
  const rounds = { warmup: 0, min: lifetime.gapsMs.length, maxTimeMs: 1 };
  return { ...scenario, lifetime, rounds, description: lifetimeDescription(scenario.concurrency, lifetime.origins, lifetime.gapsMs) };
}

/**
 * The server's idle timeout T decides the idle of idle-burst: T - 1, T and T + 1 ms in
 * turn. A client timer that fires in the same event-loop turn as the server's close
 * arrives sends on a socket that is already closing, which is the keep-alive race; on
 * loopback the window is about a millisecond wide, so the idles straddle T.
 */
export function withServerIdle(scenario: ScenarioInfo, keepAliveTimeoutMs: number | undefined): ScenarioInfo {
  if (scenario.idleMs === undefined || keepAliveTimeoutMs === undefined) return scenario;
  const t = keepAliveTimeoutMs;
  const idleMs = [Math.max(0, t - 1), t, t + 1];
  return {
    ...scenario,
    idleMs,
    description: `${scenario.concurrency} concurrent pings, idle ${idleMs.join('/')} ms in turn (the server's keep-alive timeout is ${t} ms), ${scenario.concurrency} again`,
  };
}

/** Idle time a rounds scenario spends between its rounds (warm-up and measured), for the runner's hard bound. */
export function idleBudgetMs(scenario: ScenarioInfo): number {
  if (scenario.lifetime !== undefined) return scenario.lifetime.gapsMs.reduce((a, b) => a + b, 0);
  const idle = scenario.idleMs;
  if (idle === undefined || idle.length === 0) return 0;
  const rounds = scenario.rounds.warmup + scenario.rounds.min;
  return Math.max(...idle) * rounds;
}

/**
 * Scenario ids run when none are named: everything except the sweep, idle-burst and lifetime,
 * which are asked for by name. A scenario with its own round trip (seed-rtt20) only where the
 * run can put its own relay in front of the target: not against --url, and not under a
 * --rtt that already sets every scenario's round trip.
 */
export function defaultScenarioIds(run: { ownRelay: boolean } = { ownRelay: true }): string[] {
  return scenarios.filter((s) => s.group === undefined && s.byName !== true && (run.ownRelay || s.rttMs === undefined)).map((s) => s.id);
}

/** The scenario as a default run (no --scenario) runs it: with its strategy subset, if it has one. */
export function asDefaultRun(scenario: ScenarioInfo): ScenarioInfo {
  const subset = findScenario(scenario.id)?.defaultStrategies;
  return subset === undefined ? scenario : { ...scenario, strategies: [...subset] };
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

/** --request-bytes: every ping of the scenario becomes a POST with a body of that many bytes. */
export function withRequestBytes(scenario: ScenarioInfo, requestBytes: number | undefined): ScenarioInfo {
  return requestBytes === undefined ? scenario : { ...scenario, requestBytes };
}

/** The ScenarioInfo a run actually used (quick or full round budget). */
export function effectiveScenario(scenario: Scenario, quick: boolean): ScenarioInfo {
  const { quickRounds, quickSustained, byName: _byName, defaultStrategies: _defaultStrategies, ...info } = scenario;
  if (!quick) return info;
  return { ...info, rounds: quickRounds, ...definedOnly({ sustained: quickSustained }) };
}

/** The same scenario in the rounds shape (its round budget), e.g. to compare both shapes. */
export function asRounds(scenario: ScenarioInfo): ScenarioInfo {
  const { sustained: _sustained, ...info } = scenario;
  return { ...info, shape: 'rounds' };
}
