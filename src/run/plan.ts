/**
 * The plan: cases = repetition × scenario × strategy × variant, repetition outermost so
 * that strategies are interleaved in time and slow drift of the machine spreads over all
 * of them instead of biasing whichever ran last. Variants alternate innermost (each
 * strategy runs on every variant before the next strategy), and their order flips every
 * repetition, as Node's benchmark/compare.js alternates binaries: never all of variant A,
 * then all of B.
 */
import type { ScenarioInfo } from '../results.js';
import type { Variant } from '../runtimes/types.js';
import type { Strategy } from '../strategies/types.js';
import type { RunnerKind } from '../runner-kinds/runner-kind.js';
import { HARNESS_STRATEGIES } from '../runtimes/harness.js';
import { definedOnly } from '../defined.js';

/**
 * On Bun and Deno a case runs the harness, which expresses the built-in strategies of
 * HARNESS_STRATEGIES in closed-loop rounds; anything else is skipped with the reason.
 */
function onVariant(base: PlannedCase, variant: Variant, file: string | undefined): PlannedCase {
  if (variant.node.engine === undefined) return { ...base, variant };
  const planned: PlannedCase = { ...base, variant, runner: { kind: 'harness' } };
  const engine = variant.node.engine === 'bun' ? 'Bun' : 'Deno';
  if (file !== undefined) return { ...planned, skipReason: `strategy files run on Node only; on ${engine} measure your client with --client-cmd` };
  if (HARNESS_STRATEGIES[base.strategy.id] === undefined) {
    return { ...planned, skipReason: `not run on ${engine}: its harness runs ${Object.keys(HARNESS_STRATEGIES).join(', ')}` };
  }
  if (base.scenario.shape === 'sustained' || base.scenario.idleMs !== undefined) {
    return { ...planned, skipReason: `not run on ${engine}: its harness runs plain closed-loop rounds only (no sustained or idle shape)` };
  }
  return planned;
}

export interface PlannedCase {
  scenario: ScenarioInfo;
  strategy: Strategy;
  /** Set for user strategies loaded from --strategy-file. */
  strategyFile?: string;
  /** The id `strategyFile` exports, when the run measures it under another (--base-ref: `my-client@v1.4.0`). */
  exportedId?: string;
  repetition: number;
  /** Decided before the run (e.g. the sweep's cap): the case is recorded as skipped with this reason. */
  skipReason?: string;
  /** The runtime × library variant (--node, --with); absent = the Node running muxbench with its own libraries. */
  variant?: Variant;
  /** What runs the case; undefined = a worker process. */
  runner?: RunnerKind;
}

/** A scenario with a strategy subset (ScenarioInfo.strategies) runs those built-in ones; the user's own rows (files, client commands) always. */
function runsIn(scenario: ScenarioInfo, id: string, file: string | undefined, runner: RunnerKind | undefined): boolean {
  if (scenario.strategies === undefined || file !== undefined || runner?.kind === 'client-cmd') return true;
  return scenario.strategies.includes(id);
}

export function planCases(
  scenarios: readonly ScenarioInfo[],
  strategies: ReadonlyArray<{ strategy: Strategy; file?: string; exportedId?: string; runner?: RunnerKind }>,
  repetitions: number,
  variants: readonly Variant[] = [],
): PlannedCase[] {
  const cases: PlannedCase[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const order = repetition % 2 === 0 ? variants : [...variants].reverse();
    for (const scenario of scenarios) {
      for (const { strategy, file, exportedId, runner } of strategies) {
        if (!runsIn(scenario, strategy.id, file, runner)) continue;
        const base = { scenario, strategy, repetition, ...definedOnly({ strategyFile: file, exportedId }), ...(runner ? { runner } : {}) };
        // Only a worker runs on a Node variant: h2load and external commands run once per scenario.
        const isWorker = runner === undefined || runner.kind === 'worker';
        if (order.length === 0 || !isWorker) cases.push(base);
        else for (const variant of order) cases.push(onVariant(base, variant, file));
      }
    }
  }
  return cases;
}
