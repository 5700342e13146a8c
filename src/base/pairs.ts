/**
 * What an old-against-new run does with its pairs of strategies (Results.base.pairs):
 * the rows its gate guards, and the order of the two within each repetition.
 */
import type { BaseClients } from '../results.js';
import { parseGateRow, type GateRow } from '../gate-rows.js';
import type { PlannedCase } from '../run/plan.js';

type Pairs = BaseClients['pairs'];

/**
 * The gate of an old-against-new run: the declared rows, or (none declared) the p50 and
 * throughput rows of every new strategy in every scenario: a release gate guards few rows,
 * so the correction stays small (docs/release-gate.md). With `twins`, every row that names
 * one side of a pair is repeated for the other: the precision scheduler matches rows by
 * the exact strategy id, and both sides must get the same repetitions to stay paired.
 */
export function baseGate(declared: readonly GateRow[], pairs: Pairs, twins: boolean): GateRow[] {
  const rows = declared.length > 0 ? [...declared] : pairs.flatMap((p) => [parseGateRow(`*/${p.next}/p50`), parseGateRow(`*/${p.next}/throughput`)]);
  if (!twins) return rows;
  const other = new Map(pairs.flatMap((p) => [[p.next, p.base] as const, [p.base, p.next] as const]));
  const extra = rows.flatMap((row) => {
    const twin = other.get(row.strategy);
    return twin === undefined ? [] : [parseGateRow(`${row.scenario}/${twin}/${row.metric}`)];
  });
  const seen = new Set<string>();
  return [...rows, ...extra].filter((row) => !seen.has(row.text) && seen.add(row.text));
}

/**
 * The previous version runs first in even repetitions and second in odd ones (A B, B A,
 * as Node's benchmark/compare.js alternates its binaries), so whatever the second case of
 * a pair inherits from the first (a warmer CPU, the server's state) falls on both sides
 * equally. The plan puts each previous version just before its new one; this swaps the
 * two in odd repetitions, in a fixed plan or a precision batch alike.
 */
export function alternatePairs(batch: readonly PlannedCase[], pairs: Pairs): PlannedCase[] {
  const out = [...batch];
  const nextOf = new Map(pairs.map((p) => [p.base, p.next] as const));
  const variant = (c: PlannedCase): string => c.variant?.id ?? '';
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    const next = nextOf.get(c.strategy.id);
    if (next === undefined || c.repetition % 2 === 0) continue;
    const j = out.findIndex(
      (d, k) => k > i && d.strategy.id === next && d.scenario.id === c.scenario.id && d.repetition === c.repetition && variant(d) === variant(c),
    );
    if (j > i) [out[i], out[j]] = [out[j]!, c];
  }
  return out;
}

/** How the previous client is named in the comparison's heading: `v1.4.0 (0123456789ab)`, or the directory. */
export function baseLabel(base: BaseClients): string {
  if (base.ref !== undefined) return base.commit !== undefined ? `${base.ref} (${base.commit.slice(0, 12)})` : base.ref;
  return base.dir ?? 'previous';
}

/** The lines that open an old-against-new run: what is measured against what. */
export function describeBase(base: BaseClients): string[] {
  const from = base.ref !== undefined ? `git ${baseLabel(base)}, node_modules from this checkout where that tree has none` : `directory ${base.dir}`;
  return base.pairs.map((p) => `previous client: ${p.base} (${from}) against ${p.next}, paired by repetition`);
}
