/**
 * Precision targets instead of a fixed repetition count (--precision 3% --max-time 120):
 * after each batch the scheduler looks at the results so far and plans the next batch:
 * one more repetition of every row (scenario × strategy) whose means are not yet known to
 * within the target, in plan order, so the strategies stay interleaved in time. It stops
 * when every row is within target, when the next batch would overrun the time budget, or
 * at the repetition cap. The budget covers the first repetitions too, so a run never takes
 * much longer than --max-time (at most one case past it).
 */
import type { CaseResult, PrecisionRun } from '../results.js';
import { relativeHalfWidth } from '../stats/interval.js';
import type { PlannedCase } from './plan.js';
import { plannedRuntime } from './case-result.js';
import { DEFAULT_GATED_METRICS, gatesRow, type GateRow, type MetricId } from '../gate-rows.js';

export const REPETITION_CAP = 100;

export interface PrecisionTarget {
  target: number;
  maxTimeMs: number;
  /** Every row gets at least this many repetitions (when the budget allows): 3 gives t(0.975, 2) = 4.3. */
  minRepetitions: number;
  /**
   * The rows a release gate guards (src/gate-rows.ts). With a gate, rows it does not name
   * get the minimum only, and the rest of the budget goes to the gated rows: all of them
   * get one more repetition while any of them is short of the target on a gated metric,
   * so the two sides of an old/new pair keep the same repetitions.
   */
  gate?: readonly GateRow[];
}

/** The row a planned case or a run belongs to; includes the runtime variant when there is one. */
/**
 * A row's key, the same from the plan and from a result: the runtime id the case records
 * (plannedRuntime: the variant's, 'current', or 'native' for h2load, which runs on no
 * Node). Keyed by the variant instead, h2load's rows never found their results, so every
 * batch planned them again as repetition 0 (a default run: 4 h2load cases, all "0").
 */
function plannedKey(c: PlannedCase): string {
  return JSON.stringify([c.scenario.id, c.strategy.id, plannedRuntime(c).id]);
}
function runKey(r: CaseResult): string {
  return JSON.stringify([r.scenario, r.strategy, r.runtime?.id ?? 'current']);
}

const PICK: Record<MetricId, (r: CaseResult) => number | undefined> = {
  p50: (r) => r.latencyMs.p50,
  p99: (r) => r.latencyMs.p99,
  throughput: (r) => r.throughputRps,
  'cpu.client': (r) => r.cpu?.client?.usPerRequest,
  'cpu.server': (r) => r.cpu?.server?.usPerRequest,
};

/**
 * The largest 95 % half-width over the row's metrics (p50, p99 and throughput unless a
 * gate names others); Infinity under 2 measured repetitions or where a metric was not recorded.
 */
export function rowPrecision(runs: readonly CaseResult[], metrics: readonly MetricId[] = DEFAULT_GATED_METRICS): number {
  const ok = runs.filter((r) => r.status === 'ok');
  const widths = metrics.map((m) => {
    const values = ok.map(PICK[m]);
    return values.every((v): v is number => v !== undefined) ? relativeHalfWidth(values) : NaN;
  });
  return widths.some((w) => Number.isNaN(w)) ? Infinity : Math.max(...widths);
}

export class PrecisionScheduler {
  private stopped: PrecisionRun['stoppedBy'] | undefined;
  private readonly started: number;

  /** `template`: one case per row (the plan's first repetition), in plan order. */
  constructor(
    private readonly template: readonly PlannedCase[],
    readonly goal: PrecisionTarget,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** The first batch: repetition 0 of every row. */
  first(): PlannedCase[] {
    return this.template.map((c) => ({ ...c, repetition: 0 }));
  }

  /** The next batch from the runs so far; empty when done. */
  next(runs: readonly CaseResult[]): PlannedCase[] {
    const byRow = new Map<string, CaseResult[]>();
    for (const r of runs) byRow.set(runKey(r), [...(byRow.get(runKey(r)) ?? []), r]);
    const elapsed = this.now() - this.started;
    const measured = runs.filter((r) => r.status !== 'skipped');
    // Wall time per case so far (setup included), to see whether one more batch fits.
    const perCase = measured.length > 0 ? elapsed / measured.length : 0;
    const gate = this.goal.gate ?? [];
    const gatedMetrics = (c: PlannedCase): MetricId[] => (gate.length === 0 ? [...DEFAULT_GATED_METRICS] : gatesRow(gate, c.scenario.id, c.strategy.id));
    const candidates: Array<{ c: PlannedCase; done: number; short: boolean; gated: boolean }> = [];
    let capped = false;
    for (const c of this.template) {
      if (c.skipReason !== undefined) continue;
      const rowRuns = byRow.get(plannedKey(c)) ?? [];
      if (rowRuns.some((r) => r.status === 'skipped')) continue;
      const done = rowRuns.length;
      // A row whose cases all fail will not get more precise: stop after the minimum.
      if (done >= this.goal.minRepetitions && rowRuns.every((r) => r.status !== 'ok')) continue;
      if (done >= REPETITION_CAP) {
        capped = true;
        continue;
      }
      const metrics = gatedMetrics(c);
      const gated = metrics.length > 0;
      candidates.push({ c, done, gated, short: gated && rowPrecision(rowRuns, metrics) > this.goal.target });
    }
    // With a gate, the gated rows move together: one of them short of the target keeps all going.
    const gatedShort = gate.length > 0 && candidates.some((x) => x.short);
    const wanted = candidates
      .filter((x) => x.done < this.goal.minRepetitions || (gate.length > 0 ? x.gated && gatedShort : x.short))
      .map((x) => ({ planned: { ...x.c, repetition: x.done }, gated: x.gated }));
    if (wanted.length === 0) {
      this.stopped = capped ? 'repetition-cap' : 'target';
      return [];
    }
    // Fewest repetitions first (stable: plan order within a repetition), so when the budget
    // cuts a batch, every row has its minimum before any row gets more. Measured: in plan
    // order, a 120 s default run gave seed rows 5 repetitions and throughput rows 2.
    // Within a repetition, gated rows first: a cut batch costs the rows nobody gates on.
    wanted.sort((x, y) => x.planned.repetition - y.planned.repetition || Number(y.gated) - Number(x.gated));
    // Within the budget: as many as fit.
    const fit = perCase > 0 ? Math.floor((this.goal.maxTimeMs - elapsed) / perCase) : wanted.length;
    if (fit < wanted.length) this.stopped = 'max-time';
    return wanted.slice(0, Math.max(0, fit)).map((x) => x.planned);
  }

  /** How the run ended, and how many rows reached the target. */
  summary(runs: readonly CaseResult[]): PrecisionRun {
    const rows = new Map<string, CaseResult[]>();
    for (const r of runs) if (r.status === 'ok') rows.set(runKey(r), [...(rows.get(runKey(r)) ?? []), r]);
    const within = [...rows.values()].filter((rs) => rowPrecision(rs) <= this.goal.target).length;
    return {
      target: this.goal.target,
      maxTimeMs: this.goal.maxTimeMs,
      minRepetitions: this.goal.minRepetitions,
      elapsedMs: Math.round(this.now() - this.started),
      stoppedBy: this.stopped ?? 'target',
      rowsWithinTarget: within,
      rows: rows.size,
    };
  }
}
